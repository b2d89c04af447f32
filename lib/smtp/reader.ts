/**
 * The SMTP input side: a buffered reader over any byte stream (a Deno.Conn,
 * stdin, a TLS socket) with qmail's rules: every read waits at most
 * `timeoutsmtpd` seconds, pending replies are flushed before the reader
 * blocks (so pipelined commands get their replies in one write, and a client
 * waiting for a reply always gets it), and command lines end in CRLF only.
 *
 * @module
 */

import { bytesToLatin1 } from "../text/latin1.ts";

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

/** A timeout in ms for setTimeout, which fires at once past 2^31-1 ms. */
export function timerMs(seconds: number): number {
  return Math.min(Math.max(seconds, 0) * 1000, 2 ** 31 - 1);
}

const LF = 10;
const CR = 13;

/** A buffered, timed reader of SMTP command lines and DATA bytes. */
export class SmtpReader {
  #buf = new Uint8Array(16384);
  #start = 0;
  #end = 0;
  readonly #src: ByteReader;
  readonly #opts: ReaderOptions;

  constructor(src: ByteReader, opts: ReaderOptions) {
    this.#src = src;
    this.#opts = opts;
  }

  /** True when input is waiting in the buffer (the next command needs no read). */
  get buffered(): boolean {
    return this.#end > this.#start;
  }

  /**
   * The next command line, at most `max` bytes before the CRLF. Throws
   * ConnectionClosed or ReadTimeout.
   */
  async readLine(max: number): Promise<LineResult> {
    let scanned = this.#start;
    let discarding = false;
    for (;;) {
      const lf = this.#buf.subarray(scanned, this.#end).indexOf(LF);
      if (lf >= 0) {
        const at = scanned + lf;
        const line = this.#buf.subarray(this.#start, at);
        this.#start = at + 1;
        if (discarding || line.length > max + 1) return { kind: "tooLong" };
        if (line.length === 0 || line[line.length - 1] !== CR) return { kind: "bareLf" };
        return { kind: "line", text: bytesToLatin1(line.subarray(0, line.length - 1)) };
      }
      if (this.#end - this.#start > max + 1) {
        // Too long already: drop what we have and keep reading to the LF.
        discarding = true;
        this.#start = this.#end;
      }
      scanned = this.#end;
      const offset = scanned - this.#start;
      await this.#fill();
      scanned = this.#start + offset;
    }
  }

  /**
   * The buffered input (reading more if there is none), for the DATA phase.
   * The view is valid until the next call; say how much was used with
   * {@linkcode consume}.
   */
  async peek(): Promise<Uint8Array> {
    if (!this.buffered) await this.#fill();
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Marks `n` bytes of the last {@linkcode peek} as used. */
  consume(n: number): void {
    this.#start = Math.min(this.#start + n, this.#end);
  }

  async #fill(): Promise<void> {
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
    await this.#opts.beforeWait();
    const n = await this.#timedRead(this.#buf.subarray(this.#end));
    if (n === null) throw new ConnectionClosed();
    this.#end += n;
  }

  async #timedRead(into: Uint8Array): Promise<number | null> {
    const seconds = this.#opts.timeoutSeconds;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReadTimeout(seconds)), timerMs(seconds));
    });
    try {
      return await Promise.race([this.#src.read(into), timeout]);
    } catch (e) {
      if (e instanceof ReadTimeout) throw e;
      throw new ConnectionClosed(e);
    } finally {
      clearTimeout(timer);
    }
  }
}
