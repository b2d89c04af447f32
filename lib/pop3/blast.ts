/**
 * A message file as POP3 sends it (qmail-pop3d.c's blast, RFC 1939 section
 * 3): every LF becomes CRLF, a line starting with "." gets another "." in
 * front, a last line without LF still ends in CRLF, and the whole ends with
 * an extra blank line and the terminating "." line (qmail-pop3d(8): "appends
 * an extra blank line to every message to work around serious bugs in
 * certain clients"). For TOP, only the header and the first `bodyLines`
 * lines of the body are sent. Works on chunks, so a message of any size
 * streams through a fixed buffer.
 *
 * @module
 */

const LF = 10;
const CR = 13;
const DOT = 46;

/** What ends every message on the wire: the extra blank line and the "." line. */
export const TERMINATOR: Uint8Array = new Uint8Array([CR, LF, DOT, CR, LF]);

/** A streaming encoder of one message. */
export class Blaster {
  #atLineStart = true;
  #lineEmpty = false;
  #inHeaders = true;
  /** Body lines still to send plus one (qmail's `limit`); 0 sends everything. */
  #limit: number;
  #done = false;

  /** `bodyLines`: TOP's line count; undefined for RETR. */
  constructor(bodyLines?: number) {
    this.#limit = bodyLines === undefined ? 0 : bodyLines + 1;
  }

  /** True once TOP has sent all it should: the rest of the file need not be read. */
  get done(): boolean {
    return this.#done;
  }

  /** The wire bytes for the next chunk of the file (a fresh buffer, at most 2 × chunk + 2 bytes). */
  push(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(chunk.length * 2 + 2);
    let o = 0;
    let pos = 0;
    while (pos < chunk.length && !this.#done) {
      if (this.#atLineStart) {
        if (this.#limit && !this.#inHeaders && --this.#limit === 0) {
          this.#done = true;
          break;
        }
        if (chunk[pos] === DOT) out[o++] = DOT;
        this.#lineEmpty = chunk[pos] === LF;
        this.#atLineStart = false;
      }
      const lf = chunk.indexOf(LF, pos);
      const end = lf < 0 ? chunk.length : lf;
      out.set(chunk.subarray(pos, end), o);
      o += end - pos;
      if (lf < 0) break;
      out[o++] = CR;
      out[o++] = LF;
      pos = lf + 1;
      this.#atLineStart = true;
      if (this.#lineEmpty) this.#inHeaders = false;
    }
    return out.subarray(0, o);
  }

  /** The bytes that end the message: CRLF for an unfinished last line, then the terminator. */
  end(): Uint8Array {
    if (this.#atLineStart || this.#done) return TERMINATOR;
    this.#atLineStart = true;
    const out = new Uint8Array(2 + TERMINATOR.length);
    out.set([CR, LF]);
    out.set(TERMINATOR, 2);
    return out;
  }
}

/**
 * A whole message encoded at once (for tests and small messages).
 *
 * @example
 * ```ts
 * blastAll(new TextEncoder().encode("a\n.b\n")); // "a\r\n..b\r\n\r\n.\r\n"
 * ```
 */
export function blastAll(message: Uint8Array, bodyLines?: number): Uint8Array {
  const b = new Blaster(bodyLines);
  const head = b.push(message);
  const tail = b.end();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
