import assert from "node:assert/strict";
import fc from "fast-check";
import { DataDecoder, MAX_HOPS } from "./data_decoder.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function decodeAll(input: string, databytes = 0) {
  const d = new DataDecoder(databytes);
  const r = d.feed(bytes(input));
  return { ...r, text: bytesToLatin1(r.out), decoder: d };
}

Deno.test("DATA decoding turns CRLF into LF and stops at the lone dot", () => {
  const r = decodeAll("a\r\nb\r\n.\r\nQUIT\r\n");
  assert.equal(r.text, "a\nb\n");
  assert.equal(r.end, true);
  assert.equal(r.consumed, "a\r\nb\r\n.\r\n".length);
});

Deno.test("DATA decoding removes one leading dot from every line", () => {
  assert.equal(decodeAll("..\r\n.a\r\n...b\r\n.\r\n").text, ".\na\n..b\n");
});

Deno.test("DATA decoding reports a bare LF wherever it appears", () => {
  for (const input of ["a\nb", "\n", ".\n", "a\r\n.\n"]) {
    assert.equal(decodeAll(input).bareLf, true, JSON.stringify(input));
  }
});

Deno.test("DATA decoding keeps CRs that are not part of CRLF", () => {
  assert.equal(decodeAll("a\rb\r\r\n.\rc\r\n.\r\n").text, "a\rb\r\n.\rc\n");
});

Deno.test("an empty message is just the terminating dot", () => {
  const r = decodeAll(".\r\n");
  assert.equal(r.text, "");
  assert.equal(r.end, true);
});

Deno.test("DATA decoding gives the same result however the input is split", () => {
  const alphabet = fc.constantFrom("a", ".", "\r", "\n", "\r\n", ".\r\n", "\r\n.\r\n", "R");
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 40 }),
      fc.array(fc.nat(), { maxLength: 5 }),
      (parts, cuts) => {
        const input = bytes(parts.join(""));
        const whole = new DataDecoder(0).feed(input);
        const d = new DataDecoder(0);
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        let out = "";
        let at = 0;
        let last = { end: false, bareLf: false, consumed: 0 };
        for (const end of [...points, input.length]) {
          if (end < at) continue;
          const r = d.feed(input.subarray(at, end));
          out += bytesToLatin1(r.out);
          last = { end: r.end, bareLf: r.bareLf, consumed: at + r.consumed };
          at = end;
          if (r.end || r.bareLf) break;
        }
        assert.equal(last.end, whole.end);
        assert.equal(last.bareLf, whole.bareLf);
        if (!whole.bareLf) assert.equal(out, bytesToLatin1(whole.out));
        if (whole.end) assert.equal(last.consumed, whole.consumed);
      },
    ),
  );
});

Deno.test("hops are the header lines starting with Received or Delivered, in any case", () => {
  const r = decodeAll(
    "Received: a\r\nreceived: b\r\n RECEIVED: folded\r\nDelivered-To: c\r\nDELIVEREDX\r\n" +
      "X-Received: no\r\n\r\nReceived: in the body\r\n.\r\n",
  );
  assert.equal(r.decoder.hops, 4);
});

Deno.test("a message with 100 hops is looping, 99 is not", () => {
  const header = (n: number) => "Received: x\r\n".repeat(n) + "\r\nbody\r\n.\r\n";
  assert.equal(decodeAll(header(MAX_HOPS - 1)).decoder.looping, false);
  assert.equal(decodeAll(header(MAX_HOPS)).decoder.looping, true);
});

Deno.test("databytes counts stored bytes: exactly databytes fits, one more is too big", () => {
  assert.equal(decodeAll("1234\r\n.\r\n", 5).decoder.tooBig, false);
  assert.equal(decodeAll("12345\r\n.\r\n", 5).decoder.tooBig, true);
  assert.equal(decodeAll("..\r\n.\r\n", 2).decoder.tooBig, false);
  assert.equal(decodeAll("x".repeat(100000) + "\r\n.\r\n", 0).decoder.tooBig, false);
});
