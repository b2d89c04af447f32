/**
 * qmail-qread's whole listing, written to a stream (for qmail-qread itself
 * and `sendmail -bp`/`mailq`).
 *
 * @module
 */

import { writeAll } from "../cli/output.ts";
import { formatRecipient, formatStats, formatTrouble } from "./format.ts";
import { QreadFatal, type QueueEvent, scanQueue } from "./scan.ts";

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

/**
 * Writes the listing of the queue under `queue` (QMAILHOME/queue) to `out`,
 * a fatal error included (qmail-qread writes everything to stdout). Returns
 * qmail-qread's exit code: 0, or 111 when the queue could not be read.
 *
 * @example
 * ```ts
 * const code = await printQueue("/var/qmail/queue", Deno.stdout);
 * ```
 */
export async function printQueue(
  queue: string,
  out: { write(p: Uint8Array): Promise<number> },
): Promise<number> {
  let pending = "";
  try {
    for (const e of scanQueue(queue)) {
      pending += formatEvent(e);
      if (pending.length >= 65536) {
        await writeAll(out, pending);
        pending = "";
      }
    }
  } catch (e) {
    if (!(e instanceof QreadFatal)) throw e;
    await writeAll(out, `${pending}${e.message}\n`);
    return 111;
  }
  await writeAll(out, pending);
  return 0;
}
