import assert from "node:assert/strict";
import fc from "fast-check";
import { crlfToLf } from "./crlf.ts";

const latin1 = new TextDecoder("latin1");

function bytes(s: string): Uint8Array {
  return new Uint8Array([...s].map((c) => c.charCodeAt(0)));
}

async function through(chunks: string[]): Promise<string> {
  const input = ReadableStream.from(chunks.map(bytes));
  const parts: string[] = [];
  for await (const c of crlfToLf(input)) parts.push(latin1.decode(c));
  return parts.join("");
}

Deno.test("sendmail turns CRLF line ends into LF (PHP 8's mail())", async () => {
  assert.equal(
    await through(["To: a@b\r\nSubject: s\r\n\r\nbody\r\n"]),
    "To: a@b\nSubject: s\n\nbody\n",
  );
});

Deno.test("sendmail keeps a CR that is not before an LF", async () => {
  assert.equal(await through(["a\rb\r\r\nc\r"]), "a\rb\r\nc\r");
});

Deno.test("sendmail joins a CR and an LF split between reads", async () => {
  assert.equal(await through(["line\r", "\nnext\r", "", "\n"]), "line\nnext\n");
  assert.equal(await through(["x\r", "y"]), "x\ry");
});

Deno.test("sendmail's CRLF fix is the same however the input is split", async () => {
  const text = fc.string({ unit: fc.constantFrom("\r", "\n", "a", "\r\n") });
  await fc.assert(
    fc.asyncProperty(text, fc.array(fc.nat()), async (s, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
      const chunks: string[] = [];
      let last = 0;
      for (const p of points) {
        chunks.push(s.slice(last, p));
        last = p;
      }
      chunks.push(s.slice(last));
      assert.equal(await through(chunks), s.replaceAll("\r\n", "\n"));
    }),
  );
});
