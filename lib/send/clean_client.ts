/**
 * qmail-send's side of a qmail-clean process: commands `foop/N` or `todo/N`
 * ended by NUL, one reply byte each, in order (qmail-clean(8)).
 *
 * @module
 */

import type { Cleaner, CleanReply, CleanRequest } from "./clean.ts";

/** A Cleaner talking to a qmail-clean over its input and output. */
export class StreamCleaner implements Cleaner {
  readonly #w: WritableStreamDefaultWriter<Uint8Array>;
  readonly #waiting: { resolve(r: CleanReply): void; reject(e: Error): void }[] = [];
  #dead = false;
  readonly #reading: Promise<void>;

  constructor(input: ReadableStream<Uint8Array>, output: WritableStream<Uint8Array>) {
    this.#w = output.getWriter();
    this.#reading = (async () => {
      try {
        for await (const chunk of input) {
          for (const b of chunk) {
            this.#waiting.shift()?.resolve(String.fromCharCode(b) as CleanReply);
          }
        }
      } catch {
        // broken pipe: fall through
      }
      this.#die();
    })();
  }

  #die(): void {
    this.#dead = true;
    for (const w of this.#waiting.splice(0)) w.reject(new Error("lost qmail-clean"));
  }

  clean(request: CleanRequest, id: number): Promise<CleanReply> {
    if (this.#dead) return Promise.reject(new Error("lost qmail-clean"));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#w.write(new TextEncoder().encode(`${request}/${id}\0`)).catch(() => this.#die());
    });
  }

  async close(): Promise<void> {
    await this.#w.close().catch(() => {});
    await this.#reading;
  }
}
