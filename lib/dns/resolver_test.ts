import assert from "node:assert/strict";
import type { NameServer } from "./config.ts";
import { DnsError } from "./errors.ts";
import { decodeResponse, encodeName, TYPE } from "./packet.ts";
import { Resolver } from "./resolver.ts";
import type { DnsTransport } from "./transport.ts";

/** A reply to `query` with `rcode`, `tc` and A answers (names compressed to the question). */
function reply(query: Uint8Array, rcode: number, addresses: string[] = [], tc = false): Uint8Array {
  const q = decodeResponse(query);
  const qname = encodeName(q.question!.name);
  const out: number[] = [
    query[0],
    query[1],
    0x81 | (tc ? 2 : 0),
    0x80 | rcode,
    0,
    1,
    0,
    addresses.length,
    0,
    0,
    0,
    0,
  ];
  out.push(...qname, 0, q.question!.type, 0, 1);
  for (const a of addresses) {
    out.push(0xc0, 12, 0, TYPE.A, 0, 1, 0, 0, 1, 0, 0, 4, ...a.split(".").map(Number));
  }
  return new Uint8Array(out);
}

function transport(
  udp: (s: NameServer, q: Uint8Array) => Uint8Array | "timeout",
  tcp?: (s: NameServer, q: Uint8Array) => Uint8Array,
): DnsTransport & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    udp(s, q) {
      log.push(`udp ${s.address}`);
      const r = udp(s, q);
      return r === "timeout"
        ? Promise.reject(new DnsError("timeout", true, "timeout"))
        : Promise.resolve(r);
    },
    tcp(s, q) {
      log.push(`tcp ${s.address}`);
      return Promise.resolve(tcp!(s, q));
    },
  };
}

const two = {
  servers: [{ address: "10.0.0.1", port: 53 }, { address: "10.0.0.2", port: 53 }],
  timeout: 1,
  attempts: 2,
};

Deno.test("Resolver returns A records from the answer", async () => {
  const t = transport((_s, q) => reply(q, 0, ["192.0.2.1", "192.0.2.2"]));
  const r = new Resolver(two, { transport: t });
  const got = await r.query("Example.ORG", "A");
  assert.deepEqual(got.map((x) => x.type === "A" && x.address), ["192.0.2.1", "192.0.2.2"]);
});

Deno.test("Resolver: NXDOMAIN is a permanent error and stops at the first server", async () => {
  const t = transport((_s, q) => reply(q, 3));
  const r = new Resolver(two, { transport: t });
  await assert.rejects(
    r.query("nope.example", "MX"),
    (e: DnsError) => e.kind === "nxdomain" && !e.temporary,
  );
  assert.deepEqual(t.log, ["udp 10.0.0.1"]);
});

Deno.test("Resolver: SERVFAIL and REFUSED from every server are temporary, after trying each in each round", async () => {
  const t = transport((s, q) => reply(q, s.address.endsWith("1") ? 2 : 5));
  const r = new Resolver(two, { transport: t });
  await assert.rejects(
    r.query("x.example", "A"),
    (e: DnsError) => e.kind === "servfail" && e.temporary,
  );
  assert.deepEqual(t.log, ["udp 10.0.0.1", "udp 10.0.0.2", "udp 10.0.0.1", "udp 10.0.0.2"]);
});

Deno.test("Resolver: a timeout at one server moves on to the next", async () => {
  const t = transport((s, q) => s.address.endsWith("1") ? "timeout" : reply(q, 0, ["192.0.2.9"]));
  const r = new Resolver(two, { transport: t });
  assert.equal((await r.query("x.example", "A")).length, 1);
});

Deno.test("Resolver: timeouts everywhere are temporary", async () => {
  const r = new Resolver(two, { transport: transport(() => "timeout") });
  await assert.rejects(
    r.query("x.example", "A"),
    (e: DnsError) => e.kind === "timeout" && e.temporary,
  );
});

Deno.test("Resolver retries a truncated UDP answer over TCP", async () => {
  const t = transport((_s, q) => reply(q, 0, [], true), (_s, q) => reply(q, 0, ["192.0.2.7"]));
  const r = new Resolver(two, { transport: t });
  const got = await r.query("big.example", "A");
  assert.equal(got.length, 1);
  assert.deepEqual(t.log, ["udp 10.0.0.1", "tcp 10.0.0.1"]);
});

Deno.test("Resolver rejects a reply for another question as temporary garbage", async () => {
  const t = transport((_s, q) => {
    const r = reply(q, 0, ["192.0.2.1"]);
    r[13] ^= 1; // change the first letter of the name
    return r;
  });
  const r = new Resolver({ ...two, attempts: 1 }, { transport: t });
  await assert.rejects(r.query("x.example", "A"), (e: DnsError) => e.temporary);
});

Deno.test("Resolver caches answers for their TTL but never temporary failures", async () => {
  let now = 0;
  let fail = true;
  const t = transport((_s, q) => fail ? "timeout" : reply(q, 0, ["192.0.2.1"]));
  const r = new Resolver({ ...two, attempts: 1 }, { transport: t, cache: true, now: () => now });
  await assert.rejects(r.query("x.example", "A"));
  fail = false;
  await r.query("x.example", "A");
  const n = t.log.length;
  now += 100_000; // 100 s, under the TTL of 256 s
  await r.query("X.example", "A");
  assert.equal(t.log.length, n);
  now += 200_000;
  await r.query("x.example", "A");
  assert.equal(t.log.length, n + 1);
});

Deno.test("a sandbox that may not bind a UDP socket gives a temporary DNS failure, not a crash", async () => {
  const src = `import { Resolver } from ${
    JSON.stringify(new URL("./resolver.ts", import.meta.url).href)
  };
self.onmessage = async () => {
  try {
    const r = new Resolver({ servers: [{ address: "127.0.0.1", port: 53 }], timeout: 1, attempts: 1 });
    await r.query("example.com", "A");
    self.postMessage("answered");
  } catch (e) {
    self.postMessage((e.temporary ? "temporary: " : "permanent: ") + e.message);
  }
};`;
  const w = new Worker(`data:text/javascript,${encodeURIComponent(src)}`, {
    type: "module",
    // @ts-ignore: Deno's worker options
    deno: { permissions: { net: ["127.0.0.1:53"] } },
  });
  const said = await new Promise<string>((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message));
    };
    w.postMessage(1);
  });
  w.terminate();
  assert.match(said, /^temporary: .*may not bind/);
});

Deno.test("a caching Resolver asks once for the same question asked concurrently", async () => {
  const t = transport((_s, q) => reply(q, 0, ["192.0.2.1"]));
  const r = new Resolver({ ...two, attempts: 1 }, { transport: t, cache: true });
  const answers = await Promise.all([
    r.query("x.example", "A"),
    r.query("X.example", "A"),
    r.query("x.example", "A"),
  ]);
  assert.equal(t.log.length, 1);
  for (const a of answers) assert.equal(a.length, 1);
});
