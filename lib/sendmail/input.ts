/**
 * sendmail's standard input, possibly with bytes in front of it (datemail's
 * Date line), in the two shapes its back ends read: a `read(p)` reader
 * (qmail-smtpd) and a ReadableStream (qmail-inject).
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

/** The bytes of `reader` as a stream, read in chunks of up to 64 KiB. */
export function readableOf(reader: ByteReader): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const buf = new Uint8Array(65536);
      const n = await reader.read(buf);
      if (n === null) controller.close();
      else controller.enqueue(buf.subarray(0, n));
    },
  });
}
