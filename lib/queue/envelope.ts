/**
 * qmail-queue's envelope on descriptor 1 (qmail-queue(8)): `F` sender NUL,
 * then `T` recipient NUL for each recipient, then one more NUL.
 *
 * @module
 */

import { QueueError } from "./errors.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";

/** The longest address qmail-queue copies (qmail-queue.c's ADDR); longer exits 11. */
export const ADDR_MAX = 1003;

/** A parsed envelope. */
export interface Envelope {
  sender: string;
  recipients: string[];
}

/**
 * Where a complete envelope ends in `bytes` (the index just past the final
 * NUL), or -1 while it is still incomplete. Stops early at the first byte
 * that makes the envelope malformed, so a reader never waits on garbage.
 */
export function envelopeEnd(bytes: Uint8Array): number {
  let i = 0;
  let first = true;
  while (i < bytes.length) {
    const tag = bytes[i];
    // The final NUL, or a byte that makes the envelope malformed: either way, stop here.
    if (tag !== (first ? 0x46 : 0x54)) return i + 1;
    const nul = bytes.indexOf(0, i + 1);
    if (nul < 0) return -1;
    i = nul + 1;
    first = false;
  }
  return -1;
}

/**
 * Parses an envelope with qmail-queue's checks: 91 for a bad format, 11 for an
 * address of ADDR_MAX bytes or more, 54 when it ends before the final NUL.
 */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length === 0) throw new QueueError(54);
  if (bytes[0] !== 0x46) throw new QueueError(91);
  let i = 1;
  const field = (): string => {
    const nul = bytes.indexOf(0, i);
    const end = nul < 0 ? bytes.length : nul;
    if (end - i >= ADDR_MAX) throw new QueueError(11);
    if (nul < 0) throw new QueueError(54);
    const s = bytesToLatin1(bytes.subarray(i, nul));
    i = nul + 1;
    return s;
  };
  const sender = field();
  const recipients: string[] = [];
  for (;;) {
    if (i >= bytes.length) throw new QueueError(54);
    const tag = bytes[i++];
    if (tag === 0) break;
    if (tag !== 0x54) throw new QueueError(91);
    recipients.push(field());
  }
  return { sender, recipients };
}

/** Encodes an envelope for qmail-queue's descriptor 1. */
export function formatEnvelope(e: Envelope): Uint8Array {
  let s = `F${e.sender}\0`;
  for (const r of e.recipients) s += `T${r}\0`;
  return latin1ToBytes(s + "\0");
}
