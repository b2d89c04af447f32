/**
 * The DATA phase as a byte-level state machine with no I/O (the behaviour of
 * qmail-smtpd.c's blast): CRLF becomes LF, a leading dot is removed from
 * every line, `.` CRLF ends the message, and a bare LF anywhere is an error
 * (qmail answers 451 and drops the connection, see
 * http://pobox.com/~djb/docs/smtplf.html). While the header lasts, lines
 * starting with `Received` or `Delivered` (any case) are counted as hops.
 *
 * @module
 */

/** qmail-smtpd rejects a message with this many hops or more (qmail-smtpd(8)). */
export const MAX_HOPS = 100;

/** What one call of {@linkcode DataDecoder.feed} produced. */
export interface DecodeResult {
  /** Message bytes to store (UNIX newlines, dots unstuffed). */
  out: Uint8Array;
  /** How many input bytes were used; the rest belong to the next command. */
  consumed: number;
  /** True once the terminating `.` CRLF has been read. */
  end: boolean;
  /** True when a bare LF was read (the session must end with 451). */
  bareLf: boolean;
}

const CR = 13;
const LF = 10;
const DOT = 46;

const enum S {
  /** At the start of a line. */
  LineStart,
  /** Inside a line. */
  Mid,
  /** A dot at the start of a line. */
  Dot,
  /** Dot, CR at the start of a line. */
  DotCr,
  /** A CR not yet known to be part of CRLF. */
  Cr,
}

const RECEIVED = new TextEncoder().encode("received");
const DELIVERED = new TextEncoder().encode("delivered");

/**
 * Decodes one message's DATA. Feed it the bytes as they arrive; it stops at
 * the terminating dot.
 *
 * @example
 * ```ts
 * const d = new DataDecoder(0);
 * const r = d.feed(new TextEncoder().encode("..hi\r\n.\r\nQUIT\r\n"));
 * // r.out is ".hi\n", r.end is true, r.consumed is 9
 * ```
 */
export class DataDecoder {
  #state = S.LineStart;
  #inHeader = true;
  /** Bytes since the last LF, while in the header (counted up to 9). */
  #pos = 0;
  #maybeReceived = true;
  #maybeDelivered = true;
  #maybeBlank = true;
  #hops = 0;
  #stored = 0;
  readonly #limit: number;

  /** `databytes`: the most bytes a stored message may have, 0 for no limit. */
  constructor(databytes: number) {
    this.#limit = databytes;
  }

  /** Received/Delivered lines seen in the header so far. */
  get hops(): number {
    return this.#hops;
  }

  /** True when the message has too many hops to be accepted. */
  get looping(): boolean {
    return this.#hops >= MAX_HOPS;
  }

  /** Bytes of message stored so far (what databytes limits). */
  get stored(): number {
    return this.#stored;
  }

  /** True when the message is bigger than databytes. */
  get tooBig(): boolean {
    return this.#limit > 0 && this.#stored > this.#limit;
  }

  /** Consumes bytes up to the end of the message (or of `input`). */
  feed(input: Uint8Array): DecodeResult {
    const out = new Uint8Array(input.length + 2);
    let n = 0;
    let state = this.#state;
    for (let i = 0; i < input.length; i++) {
      const ch = input[i];
      if (this.#inHeader) this.#countHeader(ch);
      switch (state) {
        case S.Mid:
          if (ch === LF) return this.#stop(out, n, i + 1, false, true);
          if (ch === CR) state = S.Cr;
          else out[n++] = ch;
          break;
        case S.LineStart:
          if (ch === LF) return this.#stop(out, n, i + 1, false, true);
          if (ch === DOT) state = S.Dot;
          else if (ch === CR) state = S.Cr;
          else {
            out[n++] = ch;
            state = S.Mid;
          }
          break;
        case S.Dot:
          if (ch === LF) return this.#stop(out, n, i + 1, false, true);
          if (ch === CR) state = S.DotCr;
          else {
            out[n++] = ch;
            state = S.Mid;
          }
          break;
        case S.DotCr:
          if (ch === LF) {
            this.#state = S.LineStart;
            return this.#stop(out, n, i + 1, true, false);
          }
          out[n++] = DOT;
          out[n++] = CR;
          if (ch === CR) state = S.Cr;
          else {
            out[n++] = ch;
            state = S.Mid;
          }
          break;
        case S.Cr:
          if (ch === LF) {
            out[n++] = LF;
            state = S.LineStart;
          } else {
            out[n++] = CR;
            if (ch !== CR) {
              out[n++] = ch;
              state = S.Mid;
            }
          }
          break;
      }
    }
    this.#state = state;
    return this.#stop(out, n, input.length, false, false);
  }

  #stop(out: Uint8Array, n: number, consumed: number, end: boolean, bareLf: boolean) {
    this.#stored += n;
    return { out: out.subarray(0, n), consumed, end, bareLf };
  }

  /** Hop counting on the raw bytes of the header, as qmail does it. */
  #countHeader(ch: number): void {
    const pos = this.#pos;
    if (pos < 9) {
      const lower = ch >= 65 && ch <= 90 ? ch + 32 : ch;
      if (lower !== DELIVERED[pos]) this.#maybeDelivered = false;
      if (this.#maybeDelivered && pos === 8) this.#hops++;
      if (pos < 8) {
        if (lower !== RECEIVED[pos]) this.#maybeReceived = false;
        if (this.#maybeReceived && pos === 7) this.#hops++;
      }
      if (pos < 2 && ch !== (pos === 0 ? CR : LF)) this.#maybeBlank = false;
      if (this.#maybeBlank && pos === 1) this.#inHeader = false;
      this.#pos++;
    }
    if (ch === LF) {
      this.#pos = 0;
      this.#maybeReceived = this.#maybeDelivered = this.#maybeBlank = true;
    }
  }
}
