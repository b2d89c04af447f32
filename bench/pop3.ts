/**
 * POP3 figures: the time qmail-pop3d takes to answer LIST and UIDL for a
 * 10,000-message Maildir (from connection to the last line, the Maildir scan
 * included), and RETR throughput in MB/s on loopback, both for the session
 * alone (qmail-pop3d's driver on a socket) and for the whole chain
 * `qmail-popup … checkpassword qmail-pop3d Maildir` as tests/pop3_fixture.ts
 * serves it. Prints figures; never fails on time.
 *
 * Run: deno run -A --unstable-worker-options bench/pop3.ts [messages] [MB]
 *
 * @module
 */

import { servePop3d } from "../lib/pop3/pop3d.ts";
import { makeMaildir } from "../lib/pop3/_testing.ts";
import { popFixture } from "../tests/pop3_fixture.ts";

const COUNT = Number(Deno.args[0] ?? 10000);
const MB = Number(Deno.args[1] ?? 200);

/** A line-oriented client on a TCP connection. */
class Client {
  #buf = new Uint8Array(0);
  #chunk = new Uint8Array(1 << 20);
  constructor(readonly conn: Deno.Conn) {}

  async send(line: string) {
    await this.conn.write(new TextEncoder().encode(line + "\r\n"));
  }

  async #more(): Promise<void> {
    const n = await this.conn.read(this.#chunk);
    if (n === null) throw new Error("connection closed");
    const next = new Uint8Array(this.#buf.length + n);
    next.set(this.#buf);
    next.set(this.#chunk.subarray(0, n), this.#buf.length);
    this.#buf = next;
  }

  async line(): Promise<string> {
    for (;;) {
      const i = this.#buf.indexOf(10);
      if (i >= 0) {
        const l = new TextDecoder().decode(this.#buf.subarray(0, i)).replace(/\r$/, "");
        this.#buf = this.#buf.subarray(i + 1);
        return l;
      }
      await this.#more();
    }
  }

  /** Reads a multi-line answer to its "." line without keeping it; returns its size in bytes. */
  async drain(): Promise<number> {
    let total = 0;
    const end = [13, 10, 46, 13, 10];
    let tail: number[] = [13, 10];
    for (;;) {
      const data = this.#buf.length > 0 ? this.#buf : (await this.#fresh());
      this.#buf = new Uint8Array(0);
      total += data.length;
      tail = [...tail, ...data.subarray(Math.max(0, data.length - 5))].slice(-5);
      if (tail.every((b, i) => b === end[i])) return total;
    }
  }

  async #fresh(): Promise<Uint8Array> {
    const n = await this.conn.read(this.#chunk);
    if (n === null) throw new Error("connection closed");
    return this.#chunk.subarray(0, n);
  }
}

function bigMessage(bytes: number): Uint8Array {
  const line = new TextEncoder().encode(
    "The quick brown fox jumps over the lazy dog; 0123456789 .........................\n",
  );
  const out = new Uint8Array(bytes);
  for (let at = 0; at < bytes; at += line.length) out.set(line.subarray(0, bytes - at), at);
  out.set(new TextEncoder().encode("Subject: big\n\n"));
  return out;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

const dir = await Deno.makeTempDir({ prefix: "qmt-bench-pop3-" });
try {
  const many = `${dir}/many`;
  const messages: [string, string][] = [];
  for (let i = 0; i < COUNT; i++) {
    messages.push([`cur/${1700000000 + i}.M${i}P1.bench:2,S`, `Subject: ${i}\n\nmessage ${i}\n`]);
  }
  makeMaildir(many, messages);
  const big = `${dir}/big`;
  makeMaildir(big, [["1700000000.M1P1.bench", bigMessage(MB * 1024 * 1024)]]);

  // The session alone: qmail-pop3d's driver on a loopback socket.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  let maildir = many;
  (async () => {
    for await (const conn of listener) {
      servePop3d(conn, conn, { maildir }).finally(() => conn.close());
    }
  })();
  const session = async () => {
    const c = new Client(await Deno.connect({ hostname: "127.0.0.1", port }));
    await c.line();
    return c;
  };
  for (const verb of ["LIST", "UIDL"]) {
    const [, ms] = await timed(async () => {
      const c = await session();
      await c.send(verb);
      await c.line();
      await c.drain();
      await c.send("QUIT");
      await c.line();
      c.conn.close();
    });
    console.log(`${verb} of ${COUNT} messages (scan included): ${ms.toFixed(0)} ms`);
  }
  maildir = big;
  {
    const c = await session();
    const [bytes, ms] = await timed(async () => {
      await c.send("RETR 1");
      await c.line();
      return await c.drain();
    });
    console.log(
      `RETR of ${MB} MB, session alone: ${(bytes / 1048576 / (ms / 1000)).toFixed(0)} MB/s`,
    );
    c.conn.close();
  }
  listener.close();

  // The whole chain, with checkpassword and qmail-pop3d as processes.
  const text = new TextDecoder().decode(bigMessage(MB * 1024 * 1024));
  await using f = await popFixture([["1700000000.M1P1.bench", text]]);
  const c = new Client(await Deno.connect({ hostname: "127.0.0.1", port: f.port }));
  await c.line();
  await c.send(`USER ${f.user}`);
  await c.line();
  const [, loginMs] = await timed(async () => {
    await c.send(`PASS ${f.password}`);
    return await c.line();
  });
  const [bytes, ms] = await timed(async () => {
    await c.send("RETR 1");
    await c.line();
    return await c.drain();
  });
  await c.send("QUIT");
  await c.line();
  c.conn.close();
  console.log(`login through checkpassword to qmail-pop3d's +OK: ${loginMs.toFixed(0)} ms`);
  console.log(
    `RETR of ${MB} MB through qmail-popup, checkpassword, qmail-pop3d: ${
      (bytes / 1048576 / (ms / 1000)).toFixed(0)
    } MB/s`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
