/**
 * sendmail's standard input, possibly with bytes in front of it (datemail's
 * Date line), as a `read(p)` reader: what qmail-smtpd reads, and what
 * qmail-inject reads in chunks (lib/inject/run.ts's chunksOf).
 *
 * @module
 */

/** Anything with Deno's `read` (Deno.stdin, Deno.FsFile, Deno.Conn). */
export interface ByteReader {
  read(p: Uint8Array): Promise<number | null>;
}

/**
 * A reader that yields `prefix` first, then what `reader` yields.
 *
 * @example
 * ```ts
 * const input = withPrefix(new TextEncoder().encode("Date: …\n"), Deno.stdin);
 * ```
 */
export function withPrefix(prefix: Uint8Array, reader: ByteReader): ByteReader {
  let rest = prefix;
  return {
    read(p: Uint8Array): Promise<number | null> {
      if (rest.length === 0) return reader.read(p);
      const n = Math.min(p.length, rest.length);
      p.set(rest.subarray(0, n));
      rest = rest.subarray(n);
      return Promise.resolve(n);
    },
  };
}
