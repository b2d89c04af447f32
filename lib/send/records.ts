/**
 * The record files of the queue (todo/N, info/N, local/N, remote/N): records
 * of one type byte and text, each ended by a NUL. A last record without its
 * NUL is incomplete and is ignored, as getln's "no match" is in qmail-send.
 *
 * @module
 */

import { fromBytes } from "./bytes.ts";

/** One record and where it starts in the file (for marking it done). */
export interface QueueRecord {
  /** Byte offset of the type byte. */
  pos: number;
  /** The type byte as a character: `u`, `p`, `F`, `T`, `D`, … */
  type: string;
  /** The text after the type byte. */
  text: string;
}

/** The complete records of a file. */
export function parseRecords(bytes: Uint8Array): QueueRecord[] {
  const out: QueueRecord[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const nul = bytes.indexOf(0, pos);
    if (nul < 0) break;
    out.push({
      pos,
      type: nul > pos ? String.fromCharCode(bytes[pos]) : "",
      text: nul > pos ? fromBytes(bytes.subarray(pos + 1, nul)) : "",
    });
    pos = nul + 1;
  }
  return out;
}

/** qmail's scan_ulong: the number the leading digits of `s` spell (0 when none). */
export function scanUlong(s: string): number {
  const m = /^[0-9]+/.exec(s);
  return m ? Number(m[0]) : 0;
}

/** The sender of an info file: its first record when that is an `F` record, else undefined. */
export function infoSender(bytes: Uint8Array): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul < 1 || bytes[0] !== 0x46) return undefined;
  return fromBytes(bytes.subarray(1, nul));
}
