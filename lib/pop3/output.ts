/**
 * POP3 output: reply lines and message bytes gathered into large writes,
 * each write bounded by the idle timeout (qmail's timeoutwrite).
 *
 * @module
 */

import { type ByteWriter, WriteFailed, writeTimed } from "../smtp/writer.ts";
import { latin1ToBytes } from "../text/latin1.ts";

export { type ByteWriter, WriteFailed };

/** Bytes gathered before a write goes out. */
const HIGH_WATER = 256 * 1024;

/** Buffered, timed output to the client. */
export class PopWriter {
  #chunks: Uint8Array[] = [];
  #size = 0;
  readonly #dst: ByteWriter;
  readonly #timeoutSeconds: number;

  constructor(dst: ByteWriter, timeoutSeconds: number) {
    this.#dst = dst;
    this.#timeoutSeconds = timeoutSeconds;
  }

  /** Queues reply lines, each ended with CRLF. */
  lines(lines: string[]): void {
    if (lines.length === 0) return;
    const b = latin1ToBytes(lines.join("\r\n") + "\r\n");
    this.#chunks.push(b);
    this.#size += b.length;
  }

  /** Queues bytes; writes out when enough are gathered. Throws WriteFailed. */
  async bytes(b: Uint8Array): Promise<void> {
    this.#chunks.push(b);
    this.#size += b.length;
    if (this.#size >= HIGH_WATER) await this.flush();
  }

  /** Sends everything queued. Throws WriteFailed. */
  async flush(): Promise<void> {
    if (this.#chunks.length === 0) return;
    let data: Uint8Array;
    if (this.#chunks.length === 1) data = this.#chunks[0];
    else {
      data = new Uint8Array(this.#size);
      let at = 0;
      for (const c of this.#chunks) (data.set(c, at), at += c.length);
    }
    this.#chunks = [];
    this.#size = 0;
    await writeTimed(this.#dst, data, this.#timeoutSeconds);
  }
}
