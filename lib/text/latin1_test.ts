import assert from "node:assert/strict";
import { bytesToLatin1, latin1ToBytes } from "./latin1.ts";

Deno.test("bytesToLatin1 gives one character per byte, 0x80–0xFF included, across 8 KB pieces", () => {
  const bytes = new Uint8Array(20_000).map((_, i) => i % 256);
  const s = bytesToLatin1(bytes);
  assert.equal(s.length, bytes.length);
  assert.equal(s.charCodeAt(8191), 8191 % 256);
  assert.equal(s.charCodeAt(8192), 8192 % 256);
  assert.equal(s.charCodeAt(19_999), 19_999 % 256);
  assert.deepEqual(latin1ToBytes(s), bytes);
  assert.equal(bytesToLatin1(new Uint8Array(0)), "");
});
