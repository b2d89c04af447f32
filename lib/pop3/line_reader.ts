/**
 * POP3 command input: lines end in LF, a CR before it is dropped (qmail's
 * commands.c, which is lenient where RFC 1939 asks for CRLF), and every read
 * waits at most the idle timeout (20 minutes in qmail-popup(8) and
 * qmail-pop3d(8)).
 *
 * @module
 */

import { type ByteReader, ConnectionClosed, ReadTimeout, TimedReader } from "../io/timed_reader.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

export { type ByteReader, ReadTimeout };

/** qmail-popup(8), qmail-pop3d(8): "a 20-minute idle timeout". */
export const IDLE_TIMEOUT_SECONDS = 1200;

/** Longest command line kept, in bytes before the LF (RFC 2449 allows 255). */
export const MAX_COMMAND_BYTES = 1024;

/** A command line (bytes as latin1), a line too long to keep, or the end of input. */
export type PopLine = { kind: "line"; text: string } | { kind: "tooLong" } | { kind: "eof" };

const CR = 13;

/** A buffered, timed reader of POP3 command lines. */
export class PopLineReader {
  readonly #in: TimedReader;

  constructor(src: ByteReader, timeoutSeconds = IDLE_TIMEOUT_SECONDS) {
    this.#in = new TimedReader(src, { bufferSize: 4096, timeoutSeconds });
  }

  /**
   * The next line. Reads only when no whole line is buffered, so nothing is
   * read past the line a caller stops at. Throws ReadTimeout; a read error
   * counts as the end of input.
   */
  async readLine(max = MAX_COMMAND_BYTES): Promise<PopLine> {
    let r;
    try {
      r = await this.#in.readLine(max);
    } catch (e) {
      if (e instanceof ConnectionClosed) return { kind: "eof" };
      throw e;
    }
    if (r.kind !== "line") return r;
    let line = r.bytes;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
    return { kind: "line", text: bytesToLatin1(line) };
  }

  /** Input read but not yet consumed (handed on to the next program by an in-process popup). */
  takeBuffered(): Uint8Array {
    return this.#in.takeBuffered();
  }
}

/** Splits a command line as qmail's commands.c does: verb up to the first space, then the rest. */
export function splitCommand(line: string): { verb: string; arg: string } {
  const sp = line.indexOf(" ");
  if (sp < 0) return { verb: line.toLowerCase(), arg: "" };
  return { verb: line.slice(0, sp).toLowerCase(), arg: line.slice(sp + 1).replace(/^ +/, "") };
}
