/**
 * Test doubles for remote delivery: a scripted SMTP server, in memory behind
 * a {@linkcode Connector} or on a real 127.0.0.1 port, a DNS table, and a
 * context builder. Private to tests.
 *
 * @module
 */

import { SmtpRoutes } from "../control/smtproutes.ts";
import { DnsError } from "../dns/errors.ts";
import type { DnsRecord, RecordType } from "../dns/packet.ts";
import type { DnsLookup } from "../dns/resolver.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import type { ByteStream, Connector } from "./connection.ts";
import type { RemoteContext } from "./deliver.ts";
import { noTcpto } from "./tcpto.ts";

/** How a fake server behaves. */
export interface FakeServer {
  greeting?: string;
  /**
   * EHLO reply lines; a string is the whole reply (a refusal); undefined
   * answers 502 so the client falls back to HELO.
   */
  ehlo?: string[] | string;
  mail?: (arg: string) => string;
  rcpt?: (addr: string) => string;
  /** The DATA reply; a function is given how many recipients were accepted. */
  data?: string | ((accepted: number) => string);
  /** Reply after the message. */
  afterData?: (message: string) => string;
  /** Commands (or "." for the end of a message) the server never answers. */
  silent?: (command: string) => boolean;
}

/** What happened at a fake server. */
export interface FakeLog {
  connections: string[];
  commands: string[];
  messages: string[];
  /** What each write of the client carried, in order. */
  writes: string[];
  /** Connections the client closed. */
  closed: number;
}

/** A fake address: a server, a refusal, or a connect that never completes. */
export type FakeHost = FakeServer | "refuse" | "timeout";

function ehloReply(ehlo: FakeServer["ehlo"]): string {
  if (ehlo === undefined) return "502 unimplemented";
  if (typeof ehlo === "string") return ehlo;
  return ehlo.map((l, i) => `250${i < ehlo.length - 1 ? "-" : " "}${l}\r\n`).join("");
}

class FakeStream implements ByteStream {
  #out: Uint8Array[] = [];
  #waiter?: () => void;
  #closed = false;
  #in = "";
  #dataMode = false;
  #accepted = 0;
  constructor(readonly server: FakeServer, readonly log: FakeLog) {
    this.#send(server.greeting ?? "220 fake ESMTP", "");
  }
  #send(reply: string, command: string) {
    if (this.server.silent?.(command)) return;
    this.#out.push(latin1ToBytes(reply.endsWith("\n") ? reply : `${reply}\r\n`));
    this.#waiter?.();
    // 421: the server is closing the channel (RFC 5321 §3.8); it reads no more.
    if (reply.startsWith("421")) this.#shut();
  }
  async read(p: Uint8Array): Promise<number | null> {
    while (this.#out.length === 0) {
      if (this.#closed) return null;
      await new Promise<void>((r) => this.#waiter = r);
    }
    const chunk = this.#out[0];
    const n = Math.min(p.length, chunk.length);
    p.set(chunk.subarray(0, n));
    if (n === chunk.length) this.#out.shift();
    else this.#out[0] = chunk.subarray(n);
    return n;
  }
  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new Error("closed"));
    this.log.writes.push(bytesToLatin1(p));
    this.#in += bytesToLatin1(p);
    this.#process();
    return Promise.resolve(p.length);
  }
  #process() {
    const s = this.server;
    while (!this.#closed) {
      if (this.#dataMode) {
        const end = this.#in.indexOf("\r\n.\r\n");
        const atStart = this.#in.startsWith(".\r\n");
        if (end < 0 && !atStart) return;
        const cut = atStart ? 0 : end + 2;
        this.log.messages.push(this.#in.slice(0, cut));
        this.#in = this.#in.slice(cut + 3);
        this.#dataMode = false;
        this.#send(s.afterData?.(this.log.messages.at(-1)!) ?? "250 ok", ".");
        continue;
      }
      const nl = this.#in.indexOf("\r\n");
      if (nl < 0) return;
      const line = this.#in.slice(0, nl);
      this.#in = this.#in.slice(nl + 2);
      this.log.commands.push(line);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO") this.#send(ehloReply(s.ehlo), line);
      else if (verb === "HELO") this.#send("250 hi", line);
      else if (verb === "MAIL") {
        this.#accepted = 0;
        this.#send(s.mail?.(line.slice(10)) ?? "250 ok", line);
      } else if (verb === "RCPT") {
        const r = s.rcpt?.(line.slice(9, line.indexOf(">"))) ?? "250 ok";
        if (r.startsWith("2")) this.#accepted++;
        this.#send(r, line);
      } else if (verb === "DATA") {
        const r = typeof s.data === "function" ? s.data(this.#accepted) : s.data ?? "354 go";
        this.#send(r, line);
        if (r.startsWith("354")) this.#dataMode = true;
      } else if (verb === "RSET") this.#send("250 reset", line);
      else if (verb === "QUIT") {
        this.#send("221 bye", line);
        this.#shut();
      } else this.#send("502 what", line);
    }
  }
  #shut() {
    this.#closed = true;
    this.#waiter?.();
  }
  close() {
    if (!this.#closed) this.log.closed++;
    this.#shut();
  }
}

function newLog(): FakeLog {
  return { connections: [], commands: [], messages: [], writes: [], closed: 0 };
}

/** A connector that reaches the fake hosts by address (port ignored). */
export function fakeConnector(
  hosts: Record<string, FakeHost>,
): { connector: Connector; log: FakeLog } {
  const log = newLog();
  const connector: Connector = (address, _port, signal) => {
    const h = hosts[address];
    if (h === undefined || h === "refuse") {
      return Promise.reject(new Error(`connection refused: ${address}`));
    }
    if (h === "timeout") {
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("aborted")))
      );
    }
    log.connections.push(address);
    return Promise.resolve(new FakeStream(h, log));
  };
  return { connector, log };
}

/** A fake server on a real socket: 127.0.0.1 at a port chosen at run time. */
export interface ListeningFake extends AsyncDisposable {
  port: number;
  log: FakeLog;
}

/**
 * Serves `server` on 127.0.0.1:0 over TCP, one {@linkcode FakeServer}
 * dialogue per connection: the client meets real sockets (a peer's FIN after
 * a 421, writes after it) instead of the in-memory stream. `log.closed`
 * counts the connections the client ended before the server did.
 */
export function listenFake(server: FakeServer): ListeningFake {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const log = newLog();
  const pumps: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      log.connections.push("127.0.0.1");
      pumps.push(bridge(conn, new FakeStream(server, log)));
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    log,
    async [Symbol.asyncDispose]() {
      listener.close();
      await accepting;
      await Promise.all(pumps);
    },
  };
}

/** Copies bytes both ways between a socket and a fake until either side ends. */
async function bridge(conn: Deno.Conn, fake: FakeStream): Promise<void> {
  const toClient = (async () => {
    const buf = new Uint8Array(16384);
    for (let n; (n = await fake.read(buf)) !== null;) await conn.write(buf.subarray(0, n));
  })().catch(() => {});
  const fromClient = (async () => {
    const buf = new Uint8Array(16384);
    for (let n; (n = await conn.read(buf)) !== null;) await fake.write(buf.slice(0, n));
  })().catch(() => {});
  await Promise.race([toClient, fromClient]);
  fake.close();
  await toClient;
  try {
    conn.close();
  } catch { /* closed */ }
  await fromClient;
}

/** A DNS answer table: `"MX name"` → records, or an error kind. */
export type FakeZone = Record<string, DnsRecord[] | "nxdomain" | "servfail">;

/** A {@linkcode DnsLookup} over a table; unknown names are NXDOMAIN. Counts queries. */
export function fakeDns(zone: FakeZone): DnsLookup & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    query(name: string, type: RecordType) {
      const key = `${type} ${name.toLowerCase()}`;
      queries.push(key);
      const v = zone[key];
      const anyType = Object.keys(zone).some((k) => k.endsWith(` ${name.toLowerCase()}`));
      if (v === "servfail") return Promise.reject(new DnsError("servfail", true, "SERVFAIL"));
      if (v === "nxdomain" || (v === undefined && !anyType)) {
        return Promise.reject(new DnsError("nxdomain", false, `no such domain: ${name}`));
      }
      return Promise.resolve(v ?? []);
    },
  };
}

/** Records helpers. */
export const rr = {
  mx: (name: string, preference: number, exchange: string): DnsRecord => ({
    name,
    type: "MX",
    ttl: 60,
    preference,
    exchange,
  }),
  a: (name: string, address: string): DnsRecord => ({ name, type: "A", ttl: 60, address }),
  cname: (name: string, target: string): DnsRecord => ({ name, type: "CNAME", ttl: 60, target }),
};

/** A context with fakes and qmail's defaults. */
export function fakeContext(over: Partial<RemoteContext>): RemoteContext {
  return {
    dns: fakeDns({}),
    connector: fakeConnector({}).connector,
    tcpto: noTcpto,
    isMe: (a) => a === "127.0.0.1",
    helohost: "me.example",
    timeoutConnect: 60,
    timeoutRemote: 1200,
    routes: SmtpRoutes.empty(),
    port: 25,
    random: () => 0.5,
    ipv6: false,
    ...over,
  };
}
