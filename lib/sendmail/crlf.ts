/**
 * CRLF to LF on sendmail's input. PHP 8's mail() and some other programs
 * write the message with CRLF line ends; qmail-inject, like qmail's, expects
 * the UNIX convention and would take the `\r` of the blank line for the
 * start of the body and keep stray `\r`s. Like Postfix's sendmail
 * (sendmail_fix_line_endings = always), this sendmail removes a CR that
 * comes right before an LF. A CR elsewhere is kept.
 *
 * @module
 */

const CR = 0x0d;
const LF = 0x0a;

/**
 * The chunks of `input` with every CR immediately followed by LF removed,
 * also when the pair is split between chunks.
 *
 * @example
 * ```ts
 * for await (const chunk of crlfToLf(chunksOf(Deno.stdin))) console.log(chunk);
 * ```
 */
export async function* crlfToLf(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pendingCr = false;
  for await (const chunk of input) {
    if (!pendingCr && !chunk.includes(CR)) {
      if (chunk.length) yield chunk;
      continue;
    }
    const out = new Uint8Array(chunk.length + 1);
    let n = 0;
    for (const b of chunk) {
      if (pendingCr && b !== LF) out[n++] = CR;
      pendingCr = b === CR;
      if (!pendingCr) out[n++] = b;
    }
    if (n) yield out.subarray(0, n);
  }
  if (pendingCr) yield new Uint8Array([CR]);
}
