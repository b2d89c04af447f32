import assert from "node:assert/strict";
import { bodyBytes, bodyChunks, splitHeader } from "./headerbody.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = bytesToLatin1;

Deno.test("splitHeader joins continuation lines into their field", () => {
  const s = splitHeader(enc("To: a,\n b\n\tc\nSubject: x\n\nbody\n"), true)!;
  assert.deepEqual(s.fields, ["To: a,\n b\n\tc\n", "Subject: x\n"]);
  assert.equal(dec(bodyBytes(enc("To: a,\n b\n\tc\nSubject: x\n\nbody\n"), s)), "\nbody\n");
});

Deno.test("splitHeader turns a From_ line into an MBOX-Line field", () => {
  const s = splitHeader(enc("From joe Tue Sep 26\nTo: a\n\n"), true)!;
  assert.deepEqual(s.fields, ["MBOX-Line: From joe Tue Sep 26\n", "To: a\n"]);
});

Deno.test("splitHeader ends the header at a line that is not a field and puts a blank line before it", () => {
  const input = enc("To: a\nthis is text\nmore\n");
  const s = splitHeader(input, true)!;
  assert.deepEqual(s.fields, ["To: a\n"]);
  assert.equal(dec(bodyBytes(input, s)), "\nthis is text\nmore\n");
});

Deno.test("splitHeader gives a message without a blank line no body at all", () => {
  const input = enc("To: a\nSubject: b");
  const s = splitHeader(input, true)!;
  assert.deepEqual(s.fields, ["To: a\n", "Subject: b\n"]);
  assert.equal(s.hasBody, false);
  assert.equal(bodyBytes(input, s).length, 0);
});

Deno.test("splitHeader waits for more input until the header ends", () => {
  assert.equal(splitHeader(enc("To: a\n"), false), undefined);
  assert.equal(splitHeader(enc("To: a\nSub"), false), undefined);
  assert.deepEqual(splitHeader(enc("To: a\n\n"), false)?.fields, ["To: a\n"]);
});

Deno.test("splitHeader sees a CRLF line as the start of the body", () => {
  const input = enc("To: a\r\n\r\nbody\r\n");
  const s = splitHeader(input, true)!;
  assert.deepEqual(s.fields, ["To: a\r\n"]);
  assert.equal(dec(bodyBytes(input, s)), "\n\r\nbody\r\n");
});

Deno.test("bodyBytes adds a newline after a last line that lacks one", () => {
  const input = enc("To: a\n\nno newline");
  assert.equal(dec(bodyBytes(input, splitHeader(input, true)!)), "\nno newline\n");
});

Deno.test("bodyChunks streams the body with the blank line and a final newline", async () => {
  const out: string[] = [];
  for await (const c of bodyChunks([enc("a\n"), enc(""), enc("b")])) out.push(dec(c));
  assert.equal(out.join(""), "\na\nb\n");
});
