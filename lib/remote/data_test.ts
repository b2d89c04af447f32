import assert from "node:assert/strict";
import { encodeData, has8bit } from "./data.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

Deno.test("encodeData turns LF into CRLF, doubles leading dots and ends with dot CRLF", () => {
  assert.equal(dec.decode(encodeData(enc.encode("a\n.b\n..\n")!)), "a\r\n..b\r\n...\r\n.\r\n");
});

Deno.test("encodeData keeps CRLF and turns a bare CR into CRLF, as qmail-remote's blast does", () => {
  assert.equal(dec.decode(encodeData(enc.encode("a\r\nb\rc\n")!)), "a\r\nb\r\nc\r\n.\r\n");
});

Deno.test("encodeData refuses a partial final line; an empty message is just the terminator", () => {
  assert.equal(encodeData(enc.encode("a\nb")), undefined);
  assert.equal(dec.decode(encodeData(new Uint8Array())!), ".\r\n");
});

Deno.test("has8bit finds bytes above 127", () => {
  assert.equal(has8bit(enc.encode("plain\n")), false);
  assert.equal(has8bit(new Uint8Array([0x41, 0xe9])), true);
});

Deno.test("encodeData gives the same bytes for LF-only messages as byte by byte", () => {
  const samples = ["", "\n", ".\n", "..\n\n.\n", "a\nb\n", "x".repeat(70000) + "\n.y\n", "é\n.\n"];
  for (const s of samples) {
    const lf = encodeData(enc.encode(s))!;
    // The same text with one CR LF forces the byte-by-byte path; its CR LF stays one line end.
    const viaCr = encodeData(enc.encode(`\r\n${s}`))!;
    assert.deepEqual(viaCr.subarray(2), lf, JSON.stringify(s.slice(0, 20)));
  }
});
