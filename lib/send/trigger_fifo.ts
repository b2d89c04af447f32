/**
 * qmail-send's end of lock/trigger (qmail's trigger.c): the FIFO is held
 * open for reading and writing, so the open never blocks, the reader never
 * sees end-of-file, and an injector's trigger pull (lib/queue/trigger.ts)
 * always finds a reader. Each byte read wakes qmail-send to scan todo/.
 *
 * @module
 */

import { settleWithin } from "../io/deadline.ts";

/** How long close() waits for the pending read to end. */
const CLOSE_WAIT_MS = 1000;

/** The open trigger FIFO. */
export class TriggerFifo {
  #closed = false;
  #reading: Promise<void> | null = null;

  private constructor(readonly file: Deno.FsFile, readonly path: string) {}

  /** Opens the FIFO at `path` read-write. */
  static async open(path: string): Promise<TriggerFifo> {
    return new TriggerFifo(await Deno.open(path, { read: true, write: true }), path);
  }

  /** Calls `pulled` each time somebody writes to the FIFO, until closed. */
  listen(pulled: () => void): void {
    const buf = new Uint8Array(1024);
    this.#reading = (async () => {
      while (!this.#closed) {
        let n: number | null;
        try {
          n = await this.file.read(buf);
        } catch {
          return;
        }
        if (n === null || this.#closed) return;
        pulled();
      }
    })();
  }

  /** Stops listening and closes the FIFO. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reading) {
      // Wake our own pending read with a byte through a second handle (a write on
      // the same handle would wait for the read). We are a reader: the open never blocks.
      try {
        using w = await Deno.open(this.path, { write: true });
        await w.write(new Uint8Array(1));
      } catch {
        // a full FIFO has a byte for the read already
      }
      // The byte ends the read at once. A FIFO removed or replaced under us
      // cannot be reached by name: then the read is left for exiting to end.
      await settleWithin(this.#reading, CLOSE_WAIT_MS);
    }
    this.file.close();
  }
}
