import assert from "node:assert/strict";
import { decodeName, decodeResponse, encodeName, encodeQuery } from "./packet.ts";

Deno.test("encodeQuery writes a header with RD, one question, class IN", () => {
  const q = encodeQuery(0xabcd, "mx.example.", "MX");
  assert.deepEqual([...q.subarray(0, 6)], [0xab, 0xcd, 1, 0, 0, 1]);
  assert.deepEqual([...q.subarray(12)], [
    2,
    109,
    120,
    7,
    101,
    120,
    97,
    109,
    112,
    108,
    101,
    0,
    0,
    15,
    0,
    1,
  ]);
});

Deno.test("encodeName refuses empty and over-long labels", () => {
  assert.throws(() => encodeName("a..b"));
  assert.throws(() => encodeName("x".repeat(64) + ".org"));
});

Deno.test("decodeName follows compression pointers and detects loops", () => {
  const buf = new Uint8Array([3, 99, 111, 109, 0, 1, 97, 0xc0, 0, 0xc0, 9]);
  assert.deepEqual(decodeName(buf, 5), ["a.com", 9]);
  assert.throws(() => decodeName(buf, 9), /compression loop/);
});

Deno.test("decodeResponse reads MX, AAAA, TXT and CNAME records", () => {
  const q = [...encodeQuery(1, "e.x", "MX")];
  q[2] = 0x81;
  q[3] = 0x80;
  q[7] = 4; // ANCOUNT
  // deno-fmt-ignore
  const answers = [
    0xc0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, 6, 0, 10, 1, 109, 0xc0, 12, // MX 10 m.e.x
    0xc0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 6, 2, 104, 105, 2, 33, 33, // TXT "hi" "!!"
    0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12, // CNAME e.x
  ];
  const r = decodeResponse(new Uint8Array([...q, ...answers]));
  assert.equal(r.rcode, 0);
  assert.deepEqual(r.answers[0], {
    name: "e.x",
    type: "MX",
    ttl: 60,
    preference: 10,
    exchange: "m.e.x",
  });
  assert.deepEqual(r.answers[1], { name: "e.x", type: "AAAA", ttl: 60, address: "2001:db8::1" });
  assert.equal(r.answers[2].type === "TXT" && r.answers[2].strings.length, 2);
  assert.deepEqual(r.answers[3], { name: "e.x", type: "CNAME", ttl: 60, target: "e.x" });
});

Deno.test("decodeResponse: a record running past the end is a temporary error", () => {
  const q = [...encodeQuery(1, "e.x", "A")];
  q[7] = 1;
  const bad = new Uint8Array([...q, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2]);
  assert.throws(() => decodeResponse(bad), (e: { temporary: boolean }) => e.temporary);
});
