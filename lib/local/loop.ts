/**
 * qmail-local's loop check (bouncexf): a header line exactly equal to the
 * Delivered-To line it is about to add means the message has been here.
 *
 * @module
 */

const NL = 0x0a;

/**
 * True when a line of the header of `message` (up to the first line of at
 * most one byte, i.e. an empty line) equals `dtline` (including its newline).
 */
export function hasDeliveredTo(message: Uint8Array, dtline: Uint8Array): boolean {
  let start = 0;
  for (;;) {
    const nl = message.indexOf(NL, start);
    if (nl < 0) return false; // a last line without newline ends the header
    const len = nl + 1 - start;
    if (len <= 1) return false;
    if (len === dtline.length && equalAt(message, start, dtline)) return true;
    start = nl + 1;
  }
}

function equalAt(hay: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let i = 0; i < needle.length; i++) if (hay[at + i] !== needle[i]) return false;
  return true;
}
