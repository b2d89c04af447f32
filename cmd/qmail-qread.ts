/**
 * qmail-qread: list outgoing messages and recipients (qmail-qread(8)).
 * Output, including warnings and fatal errors, goes to stdout as qmail's
 * does; arguments are ignored, as qmail's are. The format is in
 * lib/qread/format.ts, the scan in lib/qread/scan.ts.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { printQueue } from "../lib/qread/print.ts";

/** Lists the queue of QMAILHOME on stdout; 0, or 111 when the queue cannot be read. */
export async function main(_args: string[]): Promise<number> {
  return await printQueue(`${qmailHome()}/queue`, Deno.stdout);
}
