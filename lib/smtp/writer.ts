/**
 * The SMTP output side: replies are collected and sent in one write when the
 * session flushes (before it waits for input, and after the commands qmail
 * flushes after), each write bounded by the same timeout as reads.
 *
 * @module
 */

import { withDeadline } from "../io/deadline.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import { timerMs } from "./reader.ts";

/** Anything with Deno's `write` (Deno.Conn, Deno.stdout). */
export interface ByteWriter {
  write(p: Uint8Array): Promise<number>;
}

/** The client stopped reading, or the connection broke: qmail exits quietly. */
export class WriteFailed extends Error {
  constructor(cause?: unknown) {
    super("unable to write to the client", cause === undefined ? undefined : { cause });
    this.name = "WriteFailed";
  }
}

/** Buffered reply output. */
export class ReplyWriter {
  #pending: string[] = [];
  readonly #dst: ByteWriter;
  readonly #timeoutSeconds: number;

  constructor(dst: ByteWriter, timeoutSeconds: number) {
    this.#dst = dst;
    this.#timeoutSeconds = timeoutSeconds;
  }

  /** Queues reply lines (without CRLF). */
  add(lines: string[]): void {
    this.#pending.push(...lines);
  }

  /** Sends everything queued. Throws WriteFailed. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const text = this.#pending.join("\r\n") + "\r\n";
    this.#pending = [];
    await writeTimed(this.#dst, latin1ToBytes(text), this.#timeoutSeconds);
  }
}

/**
 * Writes all of `data`, the whole of it bounded by one timeout. Throws
 * WriteFailed (with the cause, or "timeout").
 */
export async function writeTimed(
  dst: ByteWriter,
  data: Uint8Array,
  timeoutSeconds: number,
): Promise<void> {
  const writeAll = async () => {
    while (data.length > 0) data = data.subarray(await dst.write(data));
  };
  try {
    await withDeadline(writeAll(), timerMs(timeoutSeconds), () => new WriteFailed("timeout"));
  } catch (e) {
    throw e instanceof WriteFailed ? e : new WriteFailed(e);
  }
}
