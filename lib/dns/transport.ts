/**
 * Sending a DNS query and receiving the reply: over UDP (node:dgram, since
 * Deno has no stable datagram API; the socket is bound explicitly) and over
 * TCP with the two-byte length prefix (RFC 1035 §4.2.2). The resolver takes
 * a {@linkcode DnsTransport}, so tests replace it.
 *
 * @module
 */

import type { NameServer } from "./config.ts";
import { DnsError } from "./errors.ts";

/** Sends one query to one server and returns the raw reply. */
export interface DnsTransport {
  /** The first datagram from `server` whose ID matches `id`. */
  udp(server: NameServer, query: Uint8Array, id: number, timeoutMs: number): Promise<Uint8Array>;
  tcp(server: NameServer, query: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
}

function timeoutError(server: NameServer): DnsError {
  return new DnsError("timeout", true, `no answer from ${server.address}:${server.port}`);
}

async function udp(
  server: NameServer,
  query: Uint8Array,
  id: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const v6 = server.address.includes(":");
  // node:dgram's bind throws a sandbox refusal where no handler can catch it:
  // ask first, and make a missing grant a temporary DNS failure.
  const bindHost = v6 ? "[::]:0" : "0.0.0.0:0";
  if (Deno.permissions.querySync({ name: "net", host: bindHost }).state !== "granted") {
    throw new DnsError(
      "network",
      true,
      `DNS query to ${server.address} failed: may not bind ${bindHost}`,
    );
  }
  const dgram = await import("node:dgram");
  const sock = dgram.createSocket(v6 ? "udp6" : "udp4");
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(timeoutError(server)), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(
          new DnsError("network", true, `DNS query to ${server.address} failed: ${e.message}`),
        );
      };
      sock.on("error", fail);
      sock.on("message", (msg: Uint8Array) => {
        if (msg.length < 2 || ((msg[0] << 8) | msg[1]) !== id) return; // not ours
        clearTimeout(timer);
        resolve(new Uint8Array(msg));
      });
      sock.bind({ address: v6 ? "::" : "0.0.0.0", port: 0 }, () => {
        sock.send(query, server.port, server.address, (e) => e && fail(e));
      });
    });
  } finally {
    try {
      sock.close();
    } catch { /* already closed */ }
  }
}

async function readExactly(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await conn.read(out.subarray(got));
    if (r === null) throw new DnsError("network", true, "DNS server closed the TCP connection");
    got += r;
  }
  return out;
}

async function tcp(server: NameServer, query: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  const ac = new AbortController();
  let timedOut = false;
  let conn: Deno.Conn | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
    try {
      conn?.close();
    } catch { /* closed */ }
  }, timeoutMs);
  try {
    conn = await Deno.connect({ hostname: server.address, port: server.port, signal: ac.signal });
    const framed = new Uint8Array(query.length + 2);
    framed[0] = query.length >> 8;
    framed[1] = query.length & 0xff;
    framed.set(query, 2);
    for (let off = 0; off < framed.length;) off += await conn.write(framed.subarray(off));
    const head = await readExactly(conn, 2);
    return await readExactly(conn, (head[0] << 8) | head[1]);
  } catch (e) {
    if (timedOut) throw timeoutError(server);
    if (e instanceof DnsError) throw e;
    throw new DnsError("network", true, `DNS over TCP to ${server.address} failed: ${e}`);
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch { /* closed by the timer */ }
  }
}

/** The real network. */
export const netTransport: DnsTransport = { udp, tcp };
