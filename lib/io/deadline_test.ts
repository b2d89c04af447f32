import assert from "node:assert/strict";
import { settleWithin, TICK_MS, unwatch, watch, withDeadline } from "./deadline.ts";

class Late extends Error {}

Deno.test("withDeadline settles as the operation does when it finishes in time", async () => {
  assert.equal(await withDeadline(Promise.resolve(7), 1000, () => new Late()), 7);
  await assert.rejects(
    withDeadline(Promise.reject(new RangeError("x")), 1000, () => new Late()),
    RangeError,
  );
});

Deno.test("withDeadline rejects with the timeout error, not before the deadline", async () => {
  let finish!: () => void;
  const never = new Promise<void>((r) => finish = r);
  const t0 = performance.now();
  await assert.rejects(withDeadline(never, 150, () => new Late()), Late);
  const waited = performance.now() - t0;
  assert.ok(waited >= 149, `gave up after ${waited} ms, before the deadline`);
  finish();
});

Deno.test("withDeadline: many operations share the ticker and each keeps its own deadline", async () => {
  let finish!: () => void;
  const slow = new Promise<void>((r) => finish = r);
  const results = await Promise.allSettled([
    withDeadline(slow, 100, () => new Late()),
    withDeadline(new Promise((r) => setTimeout(() => r("ok"), 20)), 5000, () => new Late()),
  ]);
  assert.equal(results[0].status, "rejected");
  assert.deepEqual(results[1], { status: "fulfilled", value: "ok" });
  finish();
});

Deno.test("settleWithin resolves when the operation settles, even by rejecting", async () => {
  await settleWithin(Promise.resolve(1), 10_000);
  await settleWithin(Promise.reject(new Error("x")), 10_000);
});

Deno.test("settleWithin gives up on a pending operation after its time, with or without the ticker", async () => {
  const never = new Promise<void>(() => {});
  await settleWithin(never, 20);
  const held = withDeadline(new Promise<void>((r) => setTimeout(r, 50)), 10_000, () => new Error());
  await settleWithin(never, 20);
  await held;
});

Deno.test("watch fires an entry once, after its due time and at most a tick late", async () => {
  const fired: number[] = [];
  const t0 = performance.now();
  const entry = { due: t0 + 120, fire: () => fired.push(performance.now() - t0) };
  watch(entry);
  await new Promise((r) => setTimeout(r, 120 + 2 * TICK_MS + 100));
  assert.equal(fired.length, 1);
  assert.ok(fired[0] >= 119, `fired after ${fired[0]} ms`);
  assert.ok(fired[0] < 120 + TICK_MS + 100, `fired after ${fired[0]} ms`);
});

Deno.test("an unwatched entry never fires; one watched again after firing fires at its new time", async () => {
  let quiet = 0;
  const dropped = { due: performance.now() + 10, fire: () => quiet++ };
  watch(dropped);
  unwatch(dropped);
  let again = 0;
  const pushed = {
    due: performance.now() + 10,
    fire: () => {
      if (++again === 1) watch(Object.assign(pushed, { due: performance.now() + 150 }));
    },
  };
  watch(pushed);
  await new Promise((r) => setTimeout(r, 10 + TICK_MS + 50));
  assert.equal(again, 1, "not yet at its new time");
  await new Promise((r) => setTimeout(r, 150 + TICK_MS));
  assert.equal(again, 2);
  assert.equal(quiet, 0);
});
