/**
 * Test helpers for POP3: an in-memory byte pipe (a connection without a
 * socket) and Maildirs made on disk with messages dated in the past.
 *
 * @module
 */

/** One direction of an in-memory connection. */
export class MemoryPipe {
  #chunks: Uint8Array[] = [];
  #closed = false;
  #wake: (() => void) | null = null;

  /** Writes bytes (copied); always all of them. */
  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new Error("closed"));
    this.#chunks.push(p.slice());
    this.#wake?.();
    return Promise.resolve(p.length);
  }

  /** Reads what is there, waiting for some; null once closed and drained. */
  async read(p: Uint8Array): Promise<number | null> {
    while (this.#chunks.length === 0) {
      if (this.#closed) return null;
      await new Promise<void>((r) => this.#wake = r);
      this.#wake = null;
    }
    const c = this.#chunks[0];
    const n = Math.min(c.length, p.length);
    p.set(c.subarray(0, n));
    if (n === c.length) this.#chunks.shift();
    else this.#chunks[0] = c.subarray(n);
    return n;
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }
}

/** A client's view of a server running over two MemoryPipes. */
export class MemoryClient {
  readonly toServer = new MemoryPipe();
  readonly fromServer = new MemoryPipe();
  #buf = new Uint8Array(0);

  send(line: string): Promise<number> {
    return this.toServer.write(new TextEncoder().encode(line + "\r\n"));
  }

  /** The next CRLF-ended line (bytes as latin1), or null at the end. */
  async line(): Promise<string | null> {
    for (;;) {
      const i = this.#buf.indexOf(10);
      if (i >= 0) {
        const line = this.#buf.subarray(0, i > 0 && this.#buf[i - 1] === 13 ? i - 1 : i);
        this.#buf = this.#buf.subarray(i + 1);
        return String.fromCharCode(...line);
      }
      const chunk = new Uint8Array(1 << 20);
      const n = await this.fromServer.read(chunk);
      if (n === null) return null;
      const next = new Uint8Array(this.#buf.length + n);
      next.set(this.#buf);
      next.set(chunk.subarray(0, n), this.#buf.length);
      this.#buf = next;
    }
  }

  /** A multi-line answer's lines up to the "." line (still byte-stuffed). */
  async multiline(): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const l = await this.line();
      if (l === null || l === ".") return out;
      out.push(l);
    }
  }

  /** Sends a command and returns the first reply line. */
  async command(line: string): Promise<string | null> {
    await this.send(line);
    return await this.line();
  }
}

/** Makes `dir` a Maildir holding `messages` in new/ (by name), dated `ageSeconds` ago in order. */
export function makeMaildir(
  dir: string,
  messages: [string, Uint8Array | string][],
  ageSeconds = 3600,
): void {
  for (const sub of ["tmp", "new", "cur"]) Deno.mkdirSync(`${dir}/${sub}`, { recursive: true });
  const base = Date.now() / 1000 - ageSeconds;
  messages.forEach(([name, body], i) => {
    const path = name.includes("/") ? `${dir}/${name}` : `${dir}/new/${name}`;
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    Deno.writeFileSync(path, bytes);
    Deno.utimeSync(path, base + i, base + i);
  });
}
