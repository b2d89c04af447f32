/**
 * qmail-tcpto: print the TCP timeout table (qmail-tcpto(8)): a line
 * `IP timed out N seconds ago; # recent timeouts: C` per address
 * qmail-remote has recorded, from queue/lock/tcpto (and tcpto6).
 *
 * @module
 */

import { out } from "../lib/cli/output.ts";
import { qmailHome } from "../lib/paths.ts";
import { printTcpto } from "../lib/remote/tcpto.ts";

/** Prints the table; 111 when it cannot be read. */
export async function main(_args: string[]): Promise<number> {
  try {
    await out(await printTcpto(qmailHome(), Math.floor(Date.now() / 1000)));
    return 0;
  } catch (e) {
    // qmail-tcpto reports on stdout: "fatal: unable to open tcpto: <error>".
    await out(`fatal: unable to open tcpto: ${e instanceof Error ? e.message : e}\n`);
    return 111;
  }
}
