import assert from "node:assert/strict";
import { lineBatcher } from "./rspawn_protocol.ts";

const dec = new TextDecoder();

Deno.test("lineBatcher writes the lines of one turn in one write, in order, and the next turn's in another", async () => {
  const writes: string[] = [];
  const out = lineBatcher((bytes) => Promise.resolve(void writes.push(dec.decode(bytes))));
  const first = [out.add("a\n"), out.add("b\n"), out.add("c\n")];
  assert.deepEqual(writes, [], "nothing before the end of the turn");
  await Promise.all(first);
  assert.deepEqual(writes, ["a\nb\nc\n"]);
  await out.add("d\n");
  assert.deepEqual(writes, ["a\nb\nc\n", "d\n"]);
});

Deno.test("lineBatcher: a failed write rejects the lines it carried; drain writes at once", async () => {
  let fail = true;
  const writes: string[] = [];
  const out = lineBatcher((bytes) => {
    if (fail) return Promise.reject(new Error("broken pipe"));
    writes.push(dec.decode(bytes));
    return Promise.resolve();
  });
  await assert.rejects(out.add("lost\n"), /broken pipe/);
  void out.add("ignored\n"); // a caller that does not wait: no unhandled rejection
  await out.drain();
  fail = false;
  void out.add("x\n");
  await out.drain();
  assert.deepEqual(writes, ["x\n"]);
});
