/**
 * Byte-stream framing shared by qmail-lspawn's pipes: JSON lines, and JSON
 * lines followed by a raw body of the length the line announces. A small
 * buffered reader over any ReadableStream.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads lines and exact byte counts from a stream. */
export class FrameReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buf: Uint8Array = new Uint8Array(0);
  #done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const r = await this.#reader.read();
    if (r.done) {
      this.#done = true;
      return false;
    }
    if (this.#buf.length === 0) this.#buf = r.value;
    else {
      const b = new Uint8Array(this.#buf.length + r.value.length);
      b.set(this.#buf);
      b.set(r.value, this.#buf.length);
      this.#buf = b;
    }
    return true;
  }

  /** The next line without its newline, or null at the end of the stream. */
  async line(): Promise<string | null> {
    let from = 0;
    for (;;) {
      const nl = this.#buf.indexOf(0x0a, from);
      if (nl >= 0) {
        const s = decoder.decode(this.#buf.subarray(0, nl));
        this.#buf = this.#buf.subarray(nl + 1);
        return s;
      }
      from = this.#buf.length;
      if (!await this.#fill()) return null;
    }
  }

  /** Exactly `n` bytes, or null when the stream ends first. */
  async bytes(n: number): Promise<Uint8Array | null> {
    if (this.#buf.length >= n) {
      const out = this.#buf.slice(0, n);
      this.#buf = this.#buf.subarray(n);
      return out;
    }
    const out = new Uint8Array(n);
    out.set(this.#buf);
    let have = this.#buf.length;
    this.#buf = new Uint8Array(0);
    while (have < n) {
      if (this.#done) return null;
      const r = await this.#reader.read();
      if (r.done) {
        this.#done = true;
        return null;
      }
      const take = Math.min(r.value.length, n - have);
      out.set(r.value.subarray(0, take), have);
      have += take;
      if (take < r.value.length) this.#buf = r.value.subarray(take);
    }
    return out;
  }

  /** Releases the stream. */
  cancel(): void {
    this.#reader.cancel().catch(() => {});
  }
}

/** A JSON value as one line. */
export function jsonLine(v: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(v) + "\n");
}

/** Writes chunks to a writer in order; a failed write is reported once. */
export class SerialWriter {
  #chain: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(readonly write: (b: Uint8Array) => Promise<void>) {}

  /** Queues `chunks` to go out back to back. */
  send(...chunks: Uint8Array[]): Promise<void> {
    const next = this.#chain.then(async () => {
      if (this.#failed) throw new Error("stream closed");
      try {
        for (const c of chunks) await this.write(c);
      } catch (e) {
        this.#failed = true;
        throw e;
      }
    });
    this.#chain = next.catch(() => {});
    return next;
  }

  /** Resolves when everything queued so far has been written. */
  flushed(): Promise<void> {
    return this.#chain;
  }
}

/** A write function for a Deno writer that writes everything. */
export function writeAllTo(w: { write(b: Uint8Array): Promise<number> }) {
  return async (b: Uint8Array) => {
    while (b.length > 0) b = b.subarray(await w.write(b));
  };
}
