/**
 * A buffered reader over any byte stream (a Deno.Conn, stdin, a TLS socket)
 * whose every read waits at most a timeout: the input side the SMTP and POP3
 * servers share. It finds lines (ending in LF, limited in length) and hands
 * out what is buffered; what a line must end in, and what the end of input
 * means, is the protocol's to say.
 *
 * @module
 */

import { withDeadline } from "./deadline.ts";

/** Anything with Deno's `read` (Deno.Conn, Deno.stdin, Deno.FsFile). */
export interface ByteReader {
  read(p: Uint8Array): Promise<number | null>;
}

/** The client went away (EOF or a read error): qmail exits quietly. */
export class ConnectionClosed extends Error {
  constructor(cause?: unknown) {
    super("connection closed", cause === undefined ? undefined : { cause });
    this.name = "ConnectionClosed";
  }
}

/** No data within the timeout: qmail answers 451 timeout and exits. */
export class ReadTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`no data for ${seconds} seconds`);
    this.name = "ReadTimeout";
  }
}

/** A timeout in ms for setTimeout, which fires at once past 2^31-1 ms. */
export function timerMs(seconds: number): number {
  return Math.min(Math.max(seconds, 0) * 1000, 2 ** 31 - 1);
}

/**
 * A line's bytes before its LF (a view valid until the next read), a line
 * longer than the limit (read to its LF and thrown away), or the end of input.
 */
export type RawLine = { kind: "line"; bytes: Uint8Array } | { kind: "tooLong" } | {
  kind: "eof";
};

/** Reader options. */
export interface TimedReaderOptions {
  /** The buffer's first size in bytes (it grows for longer lines). */
  bufferSize: number;
  /** Seconds each read may wait. */
  timeoutSeconds: number;
  /** Called before the reader blocks for input (flush the replies). */
  beforeWait?(): Promise<void>;
}

const LF = 10;

/** A buffered, timed reader of lines and bytes. */
export class TimedReader {
  #buf: Uint8Array;
  #start = 0;
  #end = 0;
  readonly #src: ByteReader;
  readonly #opts: TimedReaderOptions;

  constructor(src: ByteReader, opts: TimedReaderOptions) {
    this.#src = src;
    this.#opts = opts;
    this.#buf = new Uint8Array(opts.bufferSize);
  }

  /** True when input is waiting in the buffer. */
  get buffered(): boolean {
    return this.#end > this.#start;
  }

  /**
   * The next line, at most `max + 1` bytes before the LF (room for a CR).
   * Reads only when no whole line is buffered, so nothing is read past the
   * line a caller stops at. Throws ConnectionClosed (a read error) or
   * ReadTimeout.
   */
  async readLine(max: number): Promise<RawLine> {
    let scanned = this.#start;
    let discarding = false;
    for (;;) {
      const lf = this.#buf.subarray(scanned, this.#end).indexOf(LF);
      if (lf >= 0) {
        const at = scanned + lf;
        const line = this.#buf.subarray(this.#start, at);
        this.#start = at + 1;
        if (discarding || line.length > max + 1) return { kind: "tooLong" };
        return { kind: "line", bytes: line };
      }
      if (this.#end - this.#start > max + 1) {
        // Too long already: drop what we have and keep reading to the LF.
        discarding = true;
        this.#start = this.#end;
      }
      scanned = this.#end;
      const offset = scanned - this.#start;
      if (!await this.fill()) return { kind: "eof" };
      scanned = this.#start + offset;
    }
  }

  /** The buffered input (a view valid until the next read). */
  view(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Marks `n` bytes of the buffered input as used. */
  consume(n: number): void {
    this.#start = Math.min(this.#start + n, this.#end);
  }

  /** Input read but not yet consumed, as a copy; the buffer is then empty. */
  takeBuffered(): Uint8Array {
    const rest = this.#buf.slice(this.#start, this.#end);
    this.#start = this.#end = 0;
    return rest;
  }

  /**
   * Reads more input into the buffer; false at the end of input. Throws
   * ConnectionClosed (a read error) or ReadTimeout.
   */
  async fill(): Promise<boolean> {
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (this.#start > 0) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buf.length) {
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf);
      this.#buf = bigger;
    }
    await this.#opts.beforeWait?.();
    const n = await this.#timedRead(this.#buf.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    return true;
  }

  async #timedRead(into: Uint8Array): Promise<number | null> {
    const seconds = this.#opts.timeoutSeconds;
    try {
      return await withDeadline(
        this.#src.read(into),
        timerMs(seconds),
        () => new ReadTimeout(seconds),
      );
    } catch (e) {
      if (e instanceof ReadTimeout) throw e;
      throw new ConnectionClosed(e);
    }
  }
}
