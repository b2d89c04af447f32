import assert from "node:assert/strict";
import { parseExtensions, parseReply } from "./reply.ts";

Deno.test("parseReply reads a multi-line reply and keeps its text without CRs", () => {
  const r = parseReply("250-mx.test hello\r\n250-PIPELINING\r\n250 SIZE 1000\r\n354 next");
  assert.equal(r?.reply.code, 250);
  assert.equal(r?.reply.text, "250-mx.test hello\n250-PIPELINING\n250 SIZE 1000\n");
  assert.equal(r?.used, 50);
  assert.deepEqual(parseExtensions(r!.reply.lines), {
    eightBitMime: false,
    pipelining: true,
    size: 1000,
  });
});

Deno.test("parseReply waits for the last line", () => {
  assert.equal(parseReply("250-a\r\n250 b"), undefined);
});

Deno.test("parseReply caps the text at 5000 bytes", () => {
  const long = Array.from({ length: 200 }, () => "550-" + "x".repeat(40) + "\r\n").join("") +
    "550 end\r\n";
  assert.equal(parseReply(long)?.reply.text.length, 5000);
});
