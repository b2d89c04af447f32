/**
 * qmail-tcpok: clear the TCP timeout table (qmail-tcpok(8)), so
 * qmail-remote tries every address again. The qmail FAQ (7.2): run it, then
 * give qmail-send an ALRM to deliver the remote queue now.
 *
 * @module
 */

import { die } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { clearTcpto } from "../lib/remote/tcpto.ts";

/** Zeroes queue/lock/tcpto (and tcpto6); 111 when it cannot. */
export async function main(_args: string[]): Promise<number> {
  const home = qmailHome();
  try {
    await clearTcpto(home);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    die(111, "qmail-tcpok", `fatal: unable to write ${home}/queue/lock/tcpto: ${why}`);
  }
  return 0;
}
