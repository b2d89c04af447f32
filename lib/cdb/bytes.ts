/**
 * Keys and values as cdb stores them: bytes. Strings given to the cdb API are
 * encoded as UTF-8 (ASCII stays ASCII, so qmail's keys are unaffected).
 *
 * @module
 */

const encoder = new TextEncoder();

/** A cdb key or value: raw bytes, or a string stored as its UTF-8 encoding. */
export type CdbBytes = Uint8Array | string;

/** The bytes of a key or value (a new array for a string). */
export function toBytes(x: CdbBytes): Uint8Array {
  return typeof x === "string" ? encoder.encode(x) : x;
}

/**
 * A reusable buffer that turns keys into bytes without allocating for the
 * usual ASCII strings (allocating a small Uint8Array per lookup costs more
 * than the lookup itself).
 */
export class Scratch {
  #buf = new Uint8Array(256);

  /** The bytes of `x`; for a string, a view that is valid until the next call. */
  bytes(x: CdbBytes): Uint8Array {
    if (typeof x !== "string") return x;
    if (x.length > this.#buf.length) this.#buf = new Uint8Array(x.length * 2);
    const buf = this.#buf;
    for (let i = 0; i < x.length; i++) {
      const c = x.charCodeAt(i);
      if (c > 0x7f) return encoder.encode(x);
      buf[i] = c;
    }
    return buf.subarray(0, x.length);
  }
}

/** Reads the little-endian unsigned 32-bit number at `off` in `b`. */
export function unpack(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

/** Writes `n` as a little-endian unsigned 32-bit number at `off` in `b`. */
export function pack(b: Uint8Array, off: number, n: number): void {
  b[off] = n & 0xff;
  b[off + 1] = (n >>> 8) & 0xff;
  b[off + 2] = (n >>> 16) & 0xff;
  b[off + 3] = (n >>> 24) & 0xff;
}
