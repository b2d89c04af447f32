/**
 * POP3 command input: lines end in LF, a CR before it is dropped (qmail's
 * commands.c, which is lenient where RFC 1939 asks for CRLF), and every read
 * waits at most the idle timeout (20 minutes in qmail-popup(8) and
 * qmail-pop3d(8)).
 *
 * @module
 */

import { type ByteReader, ReadTimeout, timerMs } from "../smtp/reader.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

export { type ByteReader, ReadTimeout };

/** qmail-popup(8), qmail-pop3d(8): "a 20-minute idle timeout". */
export const IDLE_TIMEOUT_SECONDS = 1200;

/** Longest command line kept, in bytes before the LF (RFC 2449 allows 255). */
export const MAX_COMMAND_BYTES = 1024;

/** A command line (bytes as latin1), a line too long to keep, or the end of input. */
export type PopLine = { kind: "line"; text: string } | { kind: "tooLong" } | { kind: "eof" };

const LF = 10;
const CR = 13;

/** A buffered, timed reader of POP3 command lines. */
export class PopLineReader {
  #buf = new Uint8Array(4096);
  #start = 0;
  #end = 0;
  readonly #src: ByteReader;
  readonly #timeoutSeconds: number;

  constructor(src: ByteReader, timeoutSeconds = IDLE_TIMEOUT_SECONDS) {
    this.#src = src;
    this.#timeoutSeconds = timeoutSeconds;
  }

  /**
   * The next line. Reads only when no whole line is buffered, so nothing is
   * read past the line a caller stops at. Throws ReadTimeout; a read error
   * counts as the end of input.
   */
  async readLine(max = MAX_COMMAND_BYTES): Promise<PopLine> {
    let discarding = false;
    let scanned = this.#start;
    for (;;) {
      const lf = this.#buf.subarray(scanned, this.#end).indexOf(LF);
      if (lf >= 0) {
        const at = scanned + lf;
        let line = this.#buf.subarray(this.#start, at);
        this.#start = at + 1;
        if (discarding || line.length > max + 1) return { kind: "tooLong" };
        if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
        return { kind: "line", text: bytesToLatin1(line) };
      }
      if (this.#end - this.#start > max + 1) {
        discarding = true;
        this.#start = this.#end;
      }
      scanned = this.#end - this.#start;
      if (!await this.#fill()) return { kind: "eof" };
      scanned += this.#start;
    }
  }

  /** Input read but not yet consumed (handed on to the next program by an in-process popup). */
  takeBuffered(): Uint8Array {
    const rest = this.#buf.slice(this.#start, this.#end);
    this.#start = this.#end = 0;
    return rest;
  }

  async #fill(): Promise<boolean> {
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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const seconds = this.#timeoutSeconds;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReadTimeout(seconds)), timerMs(seconds));
    });
    try {
      const n = await Promise.race([this.#src.read(this.#buf.subarray(this.#end)), timeout]);
      if (n === null) return false;
      this.#end += n;
      return true;
    } catch (e) {
      if (e instanceof ReadTimeout) throw e;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Splits a command line as qmail's commands.c does: verb up to the first space, then the rest. */
export function splitCommand(line: string): { verb: string; arg: string } {
  const sp = line.indexOf(" ");
  if (sp < 0) return { verb: line.toLowerCase(), arg: "" };
  return { verb: line.slice(0, sp).toLowerCase(), arg: line.slice(sp + 1).replace(/^ +/, "") };
}
