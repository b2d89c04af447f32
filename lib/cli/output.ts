/**
 * Small helpers for writing whole byte strings to stdout/stderr.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Writes all of `data` to a writer, looping over short writes. */
export async function writeAll(
  w: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array | string,
): Promise<void> {
  let bytes = typeof data === "string" ? encoder.encode(data) : data;
  while (bytes.length > 0) {
    const n = await w.write(bytes);
    bytes = bytes.subarray(n);
  }
}

/** Writes text to stdout. */
export function out(text: string): Promise<void> {
  return writeAll(Deno.stdout, text);
}

/** Writes text to stderr. */
export function err(text: string): Promise<void> {
  return writeAll(Deno.stderr, text);
}
