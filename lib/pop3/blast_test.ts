import assert from "node:assert/strict";
import fc from "fast-check";
import { blastAll, Blaster } from "./blast.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("blast turns LF into CRLF and ends with qmail's extra blank line and the dot", () => {
  assert.equal(dec(blastAll(enc("Subject: x\n\nbody\n"))), "Subject: x\r\n\r\nbody\r\n\r\n.\r\n");
});

Deno.test("blast doubles a leading dot on every line, headers and body", () => {
  assert.equal(
    dec(blastAll(enc(".h: 1\n\n.\n..x\n. y\n"))),
    "..h: 1\r\n\r\n..\r\n...x\r\n.. y\r\n\r\n.\r\n",
  );
});

Deno.test("blast ends an unfinished last line with CRLF", () => {
  assert.equal(dec(blastAll(enc("a\n\nno newline"))), "a\r\n\r\nno newline\r\n\r\n.\r\n");
});

Deno.test("blast of an empty file is the blank line and the dot", () => {
  assert.equal(dec(blastAll(new Uint8Array())), "\r\n.\r\n");
});

Deno.test("blast keeps 8-bit bytes and a CR before LF as they are", () => {
  const msg = new Uint8Array([0xe9, 0x0d, 0x0a, 0xff, 0x0a]);
  assert.deepEqual([...blastAll(msg)], [
    0xe9,
    0x0d,
    0x0d,
    0x0a,
    0xff,
    0x0d,
    0x0a,
    0x0d,
    0x0a,
    0x2e,
    0x0d,
    0x0a,
  ]);
});

Deno.test("TOP n sends the header, the blank line and n body lines", () => {
  const msg = enc("A: 1\nB: 2\n\none\ntwo\nthree\n");
  assert.equal(dec(blastAll(msg, 0)), "A: 1\r\nB: 2\r\n\r\n\r\n.\r\n");
  assert.equal(dec(blastAll(msg, 2)), "A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n\r\n.\r\n");
  assert.equal(dec(blastAll(msg, 99)), dec(blastAll(msg)));
});

Deno.test("TOP stops reading once done", () => {
  const b = new Blaster(0);
  b.push(enc("A: 1\n\nbody\n"));
  assert.equal(b.done, true);
});

Deno.test("blast gives the same bytes however the file is cut into chunks", () => {
  const alphabet = fc.constantFrom("a", ".", "\n", "\r", "\xe9", " ");
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 200 }).map((a) => a.join("")),
      fc.array(fc.nat(200), { maxLength: 10 }),
      fc.option(fc.nat(5), { nil: undefined }),
      (text, cuts, top) => {
        const bytes = enc(text);
        const whole = blastAll(bytes, top);
        const b = new Blaster(top);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const parts: number[] = [];
        let at = 0;
        for (const p of [...points, bytes.length]) {
          if (!b.done) parts.push(...b.push(bytes.subarray(at, p)));
          at = p;
        }
        parts.push(...b.end());
        assert.deepEqual(parts, [...whole]);
      },
    ),
    { seed: 6, numRuns: 300 },
  );
});
