import assert from "node:assert/strict";
import { Coalescer } from "./coalesce.ts";

function gate() {
  const g = Promise.withResolvers<void>();
  return g;
}

Deno.test("callers during a run share exactly one run after it", async () => {
  const c = new Coalescer();
  const gates = [gate(), gate()];
  let runs = 0;
  const op = () => gates[runs++].promise;
  const first = c.run("d", op);
  const second = c.run("d", op);
  const third = c.run("d", op);
  assert.equal(runs, 1);
  gates[0].resolve();
  await first;
  await Promise.resolve();
  assert.equal(runs, 2, "one more run for the callers that came during the first");
  gates[1].resolve();
  await Promise.all([second, third]);
  assert.equal(runs, 2);
});

Deno.test("a caller is never satisfied by a run that started before it asked", async () => {
  const c = new Coalescer();
  const started: number[] = [];
  let clock = 0;
  const op = async () => {
    started.push(clock);
    await new Promise((r) => setTimeout(r, 5));
  };
  const a = c.run("k", op);
  clock = 1;
  const b = c.run("k", op);
  await Promise.all([a, b]);
  assert.deepEqual(started, [0, 1]);
});

Deno.test("different keys run independently and a failed run is reported to its callers", async () => {
  const c = new Coalescer();
  await assert.rejects(c.run("x", () => Promise.reject(new Error("boom"))), /boom/);
  let ran = false;
  await c.run("y", () => {
    ran = true;
    return Promise.resolve();
  });
  assert.ok(ran);
  await c.run("x", () => Promise.resolve());
});
