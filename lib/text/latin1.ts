/**
 * Bytes as strings of one character per byte (ISO-8859-1), so header text
 * round-trips through string code exactly. `TextDecoder("latin1")` cannot be
 * used for this: the Encoding Standard maps that label to windows-1252, which
 * turns bytes 0x80–0x9F into other code points.
 *
 * @module
 */

/**
 * Decodes bytes to a string with one character (code 0–255) per byte.
 *
 * @example
 * ```ts
 * bytesToLatin1(new Uint8Array([0x41, 0x80])); // "A\x80"
 * ```
 */
export function bytesToLatin1(bytes: Uint8Array): string {
  // In pieces of 8 KB (an argument list has limits); `apply` over the typed
  // array is several times cheaper than a spread for the short pieces
  // protocol replies and commands come in.
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

/**
 * Encodes a string of characters below 256 back to its bytes (higher code
 * points keep only their low byte; header text never holds any).
 *
 * @example
 * ```ts
 * latin1ToBytes("A\x80"); // Uint8Array [0x41, 0x80]
 * ```
 */
export function latin1ToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}
