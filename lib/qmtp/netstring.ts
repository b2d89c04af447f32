/**
 * Netstrings (`12:hello world!,`), the framing of QMTP and QMQP
 * (cr.yp.to/proto/netstrings.txt), read from a connection as qmail-qmtpd and
 * qmail-qmqpd read them: a length of decimal digits, a colon, that many
 * bytes, a comma. A message inside a netstring is streamed, never held whole.
 *
 * Failures keep qmail's meaning: {@linkcode BadProtocol} (exit 100) for input
 * that is not a netstring, {@linkcode OutOfResources} (exit 111) for a length
 * with another digit after passing 200,000,000 (qmail's getlen), and the
 * reader's ConnectionClosed (exit 0, no reply) when the client goes away.
 *
 * @module
 */

import { type ByteReader, ConnectionClosed, TimedReader } from "../io/timed_reader.ts";
import { concatBytes } from "../send/bytes.ts";

/** Not a netstring where one must be: qmail's badproto(), exit 100. */
export class BadProtocol extends Error {
  constructor(what: string) {
    super(`protocol violation: ${what}`);
    this.name = "BadProtocol";
  }
}

/** A length qmail will not take (a digit after passing 200,000,000): its resources(), exit 111. */
export class OutOfResources extends Error {
  constructor(what: string) {
    super(what);
    this.name = "OutOfResources";
  }
}

/** qmail's getlen() refuses lengths beyond this. */
const MAX_LENGTH = 200_000_000;
const COLON = 58;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;

/** The netstring of `payload`: `<length>:<payload>,`. */
export function netstring(payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${payload.length}:`);
  return concatBytes([head, payload, Uint8Array.of(COMMA)]);
}

/** Reader options. */
export interface NetstringInputOptions {
  /** Seconds each read may wait. */
  timeoutSeconds: number;
  /** Called before the reader blocks for input (flush pending responses). */
  beforeWait?(): Promise<void>;
}

/**
 * Netstring parts read from a byte stream. `budget` limits how many bytes
 * may still be read (QMQP: the rest of the outer netstring); reading past
 * it is a protocol violation.
 */
export class NetstringInput {
  readonly #in: TimedReader;
  /** Bytes that may still be read. */
  budget = Infinity;

  constructor(src: ByteReader, opts: NetstringInputOptions) {
    this.#in = new TimedReader(src, { bufferSize: 16384, ...opts });
  }

  /** Some buffered bytes (at least one), reading if none are. */
  async #view(): Promise<Uint8Array> {
    if (!this.#in.buffered && !await this.#in.fill()) throw new ConnectionClosed();
    return this.#in.view();
  }

  /** Takes `n` bytes from the budget; a protocol violation when it has fewer. */
  #spend(n: number): void {
    if (n > this.budget) throw new BadProtocol("netstring runs past its enclosing one");
    this.budget -= n;
  }

  /** One byte. */
  async byte(): Promise<number> {
    this.#spend(1);
    const b = (await this.#view())[0];
    this.#in.consume(1);
    return b;
  }

  /** A netstring's length and its colon. */
  async length(): Promise<number> {
    let len = 0;
    for (;;) {
      const ch = await this.byte();
      if (ch === COLON) return len;
      if (len > MAX_LENGTH) throw new OutOfResources(`netstring length over ${MAX_LENGTH}`);
      if (ch < ZERO || ch > NINE) throw new BadProtocol("a netstring length must be digits");
      len = 10 * len + ch - ZERO;
    }
  }

  /** A netstring's closing comma. */
  async comma(): Promise<void> {
    if (await this.byte() !== COMMA) throw new BadProtocol("a netstring must end in a comma");
  }

  /** The next `n` bytes, as copies in pieces of at most the buffer's size. */
  async *pieces(n: number): AsyncGenerator<Uint8Array> {
    this.#spend(n);
    while (n > 0) {
      const view = await this.#view();
      const piece = view.slice(0, Math.min(n, view.length));
      this.#in.consume(piece.length);
      n -= piece.length;
      yield piece;
    }
  }

  /** The next `n` bytes, whole (for short fields: addresses). */
  async bytes(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let at = 0;
    for await (const piece of this.pieces(n)) {
      out.set(piece, at);
      at += piece.length;
    }
    return out;
  }

  /** Reads and drops the next `n` bytes. */
  async skip(n: number): Promise<void> {
    for await (const _ of this.pieces(n));
  }
}
