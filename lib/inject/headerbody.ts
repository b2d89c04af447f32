/**
 * Splitting a message into header fields and body the way qmail-inject
 * reads it (qmail's headerbody.c):
 *
 * - a field runs on over lines that start with a space or tab;
 * - a blank line ends the header;
 * - a line starting `From ` becomes a field `MBOX-Line: From …`;
 * - any other line that is not a well-formed field ends the header and
 *   starts the body (a blank line is put before it);
 * - input ending inside the header leaves a message with no body (and no
 *   blank line);
 * - a last line without a newline gets one.
 *
 * @module
 */

import { bytesToLatin1 } from "../text/latin1.ts";
import { fieldValid } from "./hfield.ts";

/** A header split off a message. */
export interface SplitHeader {
  /** Each field with its continuation lines, ending in a newline, one character per byte. */
  fields: string[];
  /** Where the body starts in the input (the input's length when there is no body). */
  bodyStart: number;
  /** False when the input ended inside the header: the message has no blank line and no body. */
  hasBody: boolean;
}

/**
 * Splits the header off the start of `buf`. With `eof` false, returns
 * undefined while more input is needed to know where the header ends.
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * splitHeader(enc.encode("To: a\n b\n\nhi\n"), true);
 * // { fields: ["To: a\n b\n"], bodyStart: 10, hasBody: true }
 * ```
 */
export function splitHeader(buf: Uint8Array, eof: boolean): SplitHeader | undefined {
  const fields: string[] = [];
  let field: string | undefined;
  let pos = 0;
  for (;;) {
    if (pos >= buf.length) {
      if (!eof) return undefined;
      if (field !== undefined) fields.push(field);
      return { fields, bodyStart: buf.length, hasBody: false };
    }
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0 && !eof) return undefined;
    const end = nl < 0 ? buf.length : nl + 1;
    const line = bytesToLatin1(buf.subarray(pos, end)) + (nl < 0 ? "\n" : "");
    if (field !== undefined) {
      if (line[0] === " " || line[0] === "\t") {
        field += line;
        pos = end;
        continue;
      }
      fields.push(field);
    }
    if (line === "\n") return { fields, bodyStart: end, hasBody: true };
    if (line.startsWith("From ")) field = "MBOX-Line: " + line;
    else if (fieldValid(line)) field = line;
    else return { fields, bodyStart: pos, hasBody: true };
    pos = end;
  }
}

/**
 * The body as qmail-inject writes it: the blank line that ends the header,
 * then `rest` (the input from `bodyStart`), with a newline added after a
 * last line that lacks one. Works on a stream of chunks.
 *
 * @example
 * ```ts
 * // chunks of "\nhi" give "\n", "hi", "\n"
 * ```
 */
export async function* bodyChunks(
  rest: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield NEWLINE;
  let last = 0x0a;
  for await (const chunk of rest) {
    if (!chunk.length) continue;
    last = chunk[chunk.length - 1];
    yield chunk;
  }
  if (last !== 0x0a) yield NEWLINE;
}

const NEWLINE = new Uint8Array([0x0a]);

/**
 * The body of an input held in memory (see bodyChunks), or an empty array
 * when the input had no body.
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * bodyBytes(enc.encode("hi"), { fields: [], bodyStart: 0, hasBody: true }); // "\nhi\n"
 * ```
 */
export function bodyBytes(input: Uint8Array, split: SplitHeader): Uint8Array {
  if (!split.hasBody) return new Uint8Array(0);
  const rest = input.subarray(split.bodyStart);
  const fix = rest.length > 0 && rest[rest.length - 1] !== 0x0a ? 1 : 0;
  const out = new Uint8Array(1 + rest.length + fix);
  out[0] = 0x0a;
  out.set(rest, 1);
  if (fix) out[out.length - 1] = 0x0a;
  return out;
}
