/**
 * The SMTP input side: a buffered reader over any byte stream (a Deno.Conn,
 * stdin, a TLS socket) with qmail's rules: every read waits at most
 * `timeoutsmtpd` seconds, pending replies are flushed before the reader
 * blocks (so pipelined commands get their replies in one write, and a client
 * waiting for a reply always gets it), and command lines end in CRLF only.
 *
 * @module
 */

import {
  type ByteReader,
  ConnectionClosed,
  ReadTimeout,
  TimedReader,
  timerMs,
} from "../io/timed_reader.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

export { type ByteReader, ConnectionClosed, ReadTimeout, timerMs };

/** One command line: its text (bytes as latin1), or why there is none. */
export type LineResult =
  | { kind: "line"; text: string }
  /** Longer than the limit; the whole line was read and thrown away. */
  | { kind: "tooLong" }
  /** Ended in LF without CR. */
  | { kind: "bareLf" };

/** Reader options. */
export interface ReaderOptions {
  /** Seconds each read may wait (control/timeoutsmtpd). */
  timeoutSeconds: number;
  /** Called before the reader blocks for input (flush the replies). */
  beforeWait(): Promise<void>;
}

const CR = 13;

/** A buffered, timed reader of SMTP command lines and DATA bytes. */
export class SmtpReader {
  readonly #in: TimedReader;

  constructor(src: ByteReader, opts: ReaderOptions) {
    this.#in = new TimedReader(src, {
      bufferSize: 16384,
      timeoutSeconds: opts.timeoutSeconds,
      beforeWait: () => opts.beforeWait(),
    });
  }

  /** True when input is waiting in the buffer (the next command needs no read). */
  get buffered(): boolean {
    return this.#in.buffered;
  }

  /**
   * The next command line, at most `max` bytes before the CRLF. Throws
   * ConnectionClosed or ReadTimeout.
   */
  async readLine(max: number): Promise<LineResult> {
    const r = await this.#in.readLine(max);
    if (r.kind === "eof") throw new ConnectionClosed();
    if (r.kind === "tooLong") return r;
    const line = r.bytes;
    if (line.length === 0 || line[line.length - 1] !== CR) return { kind: "bareLf" };
    return { kind: "line", text: bytesToLatin1(line.subarray(0, line.length - 1)) };
  }

  /**
   * The buffered input (reading more if there is none), for the DATA phase.
   * The view is valid until the next call; say how much was used with
   * {@linkcode consume}.
   */
  async peek(): Promise<Uint8Array> {
    if (!this.#in.buffered && !await this.#in.fill()) throw new ConnectionClosed();
    return this.#in.view();
  }

  /** Marks `n` bytes of the last {@linkcode peek} as used. */
  consume(n: number): void {
    this.#in.consume(n);
  }
}
