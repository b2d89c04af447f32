import assert from "node:assert/strict";
import { BadProtocol, netstring, NetstringInput, OutOfResources } from "./netstring.ts";
import { ConnectionClosed } from "../io/timed_reader.ts";

/** A reader handing out `text` in pieces of `step` bytes. */
function input(text: string, step = 3): NetstringInput {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new NetstringInput({
    read(p: Uint8Array) {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(step, p.length, bytes.length - at);
      p.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  }, { timeoutSeconds: 5 });
}

Deno.test("netstring frames a payload as length, colon, bytes, comma", () => {
  assert.equal(
    new TextDecoder().decode(netstring(new TextEncoder().encode("hello world!"))),
    "12:hello world!,",
  );
  assert.equal(new TextDecoder().decode(netstring(new Uint8Array())), "0:,");
});

Deno.test("NetstringInput reads netstrings split across reads", async () => {
  const r = input("12:hello world!,0:,5:a,b,c,");
  assert.equal(await r.length(), 12);
  assert.equal(new TextDecoder().decode(await r.bytes(12)), "hello world!");
  await r.comma();
  assert.equal(await r.length(), 0);
  await r.comma();
  assert.equal(await r.length(), 5);
  const pieces = [];
  for await (const p of r.pieces(5)) pieces.push(new TextDecoder().decode(p));
  assert.equal(pieces.join(""), "a,b,c");
  await r.comma();
  await assert.rejects(() => r.length(), ConnectionClosed);
});

Deno.test("NetstringInput refuses a length that is not digits, and a missing comma", async () => {
  await assert.rejects(() => input("1x:a,").length(), BadProtocol);
  const r = input("1:ab");
  assert.equal(await r.length(), 1);
  await r.skip(1);
  await assert.rejects(() => r.comma(), BadProtocol);
});

Deno.test("NetstringInput gives up when a length passes 200,000,000 and goes on, as qmail's getlen", async () => {
  assert.equal(await input("2000000000:").length(), 2_000_000_000);
  await assert.rejects(() => input("20000000000:").length(), OutOfResources);
});

Deno.test("NetstringInput refuses to read past its budget", async () => {
  const r = input("5:hello,");
  r.budget = 4;
  assert.equal(await r.length(), 5);
  await assert.rejects(() => r.bytes(5), BadProtocol);
});
