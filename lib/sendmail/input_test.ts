import assert from "node:assert/strict";
import { chunksOf } from "../inject/run.ts";
import { withPrefix } from "./input.ts";

function readerOf(chunks: string[]) {
  const enc = new TextEncoder();
  const queue = chunks.map((c) => enc.encode(c));
  return {
    read(p: Uint8Array): Promise<number | null> {
      const next = queue.shift();
      if (next === undefined) return Promise.resolve(null);
      p.set(next);
      return Promise.resolve(next.length);
    },
  };
}

Deno.test("sendmail's input yields the prefix before standard input", async () => {
  const r = chunksOf(withPrefix(new TextEncoder().encode("Date: x\n"), readerOf(["a\n", "b\n"])));
  assert.equal(await new Response(ReadableStream.from(r)).text(), "Date: x\na\nb\n");
});

Deno.test("sendmail's input hands out a long prefix across small reads", async () => {
  const r = withPrefix(new TextEncoder().encode("abcdef"), readerOf(["g"]));
  const buf = new Uint8Array(4);
  const dec = new TextDecoder();
  let got = "";
  for (let n = await r.read(buf); n !== null; n = await r.read(buf)) {
    got += dec.decode(buf.subarray(0, n));
  }
  assert.equal(got, "abcdefg");
});
