import assert from "node:assert/strict";
import { ADDR_LIMIT, mapLocalIp, parseAddress, parseMailParams } from "./address.ts";

Deno.test("MAIL/RCPT addresses are read from angle brackets, with parameters after them", () => {
  assert.deepEqual(parseAddress("FROM:<joe@example.com> SIZE=10"), {
    addr: "joe@example.com",
    rest: " SIZE=10",
  });
  assert.deepEqual(parseAddress("FROM:<>"), { addr: "", rest: "" });
  assert.deepEqual(parseAddress("TO: <joe@example.com>"), { addr: "joe@example.com", rest: "" });
});

Deno.test("bare addresses after the colon are accepted up to the first space", () => {
  assert.deepEqual(parseAddress("FROM: joe@example.com SIZE=1"), {
    addr: "joe@example.com",
    rest: "SIZE=1",
  });
  assert.equal(parseAddress("FROM:joe@example.com")!.addr, "joe@example.com");
  assert.equal(parseAddress("nonsense")!.addr, "");
});

Deno.test("source routes are dropped, quotes removed and escapes taken literally", () => {
  assert.equal(parseAddress("TO:<@a.example,@b.example:joe@c.example>")!.addr, "joe@c.example");
  assert.equal(parseAddress('TO:<"joe > smith"@example.com>')!.addr, "joe > smith@example.com");
  assert.equal(parseAddress('TO:<a\\"b@example.com>')!.addr, 'a"b@example.com');
  assert.equal(parseAddress("TO:<unterminated@example.com")!.addr, "unterminated@example.com");
});

Deno.test("addresses of 900 bytes or more are a syntax error", () => {
  const local = "x".repeat(ADDR_LIMIT - "@example.com".length);
  assert.equal(parseAddress(`TO:<${local.slice(1)}@example.com>`)?.addr.length, ADDR_LIMIT - 1);
  assert.equal(parseAddress(`TO:<${local}@example.com>`), null);
});

Deno.test("[d.d.d.d] literals of this host become localiphost", () => {
  const lip = { name: "mx.example.com", isLocal: (ip: string) => ip === "10.0.0.1" };
  assert.equal(mapLocalIp("joe@[10.0.0.1]", lip), "joe@mx.example.com");
  assert.equal(mapLocalIp("joe@[10.0.0.2]", lip), "joe@[10.0.0.2]");
  assert.equal(mapLocalIp("joe@[10.0.0.1", lip), "joe@[10.0.0.1");
  assert.equal(mapLocalIp("joe@10.0.0.1", lip), "joe@10.0.0.1");
  assert.equal(parseAddress("TO:<joe@[10.0.0.1]>", lip)!.addr, "joe@mx.example.com");
});

Deno.test("MAIL parameters: SIZE is read, others ignored, a bad SIZE is refused", () => {
  assert.deepEqual(parseMailParams(" SIZE=1234 BODY=8BITMIME"), { size: 1234 });
  assert.deepEqual(parseMailParams(" size=5"), { size: 5 });
  assert.deepEqual(parseMailParams(""), {});
  assert.deepEqual(parseMailParams(" BODY=7BIT AUTH=<>"), {});
  assert.equal(parseMailParams(" SIZE=x"), null);
  assert.equal(parseMailParams(" SIZE="), null);
});
