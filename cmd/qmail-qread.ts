/**
 * qmail-qread: list outgoing messages and recipients (qmail-qread(8)).
 * Output, including warnings and fatal errors, goes to stdout as qmail's
 * does; the format is in lib/qread/format.ts, the scan in lib/qread/scan.ts.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { out } from "../lib/cli/output.ts";
import { formatRecipient, formatStats, formatTrouble } from "../lib/qread/format.ts";
import { QreadFatal, type QueueEvent, scanQueue } from "../lib/qread/scan.ts";

/** The text of one event. */
function formatEvent(e: QueueEvent): string {
  switch (e.kind) {
    case "stats":
      return formatStats(e.stats);
    case "recipient":
      return formatRecipient(e.recipient);
    case "trouble":
      return formatTrouble(e.id, e.why);
  }
}

/** Lists the queue of QMAILHOME on stdout; 0, or 111 when the queue cannot be read. */
export async function main(_args: string[]): Promise<number> {
  let pending = "";
  try {
    for (const e of scanQueue(`${qmailHome()}/queue`)) {
      pending += formatEvent(e);
      if (pending.length >= 65536) {
        await out(pending);
        pending = "";
      }
    }
  } catch (e) {
    if (!(e instanceof QreadFatal)) throw e;
    await out(`${pending}${e.message}\n`);
    return 111;
  }
  await out(pending);
  return 0;
}
