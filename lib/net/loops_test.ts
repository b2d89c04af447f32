import assert from "node:assert/strict";
import { LocalSlots, loopCount, LoopShare } from "./loops.ts";
import { withBoundPort } from "../sandbox/grants.ts";

Deno.test("tcpserver runs one loop per CPU, at most 2, unless $TCPSERVER_LOOPS says otherwise", () => {
  assert.equal(loopCount(undefined, 1), 1);
  assert.equal(loopCount(undefined, 2), 2);
  assert.equal(loopCount(undefined, 16), 2);
  assert.equal(loopCount("8", 16), 8);
  assert.equal(loopCount("", 1), 1);
  assert.equal(loopCount("3", 1), 3);
  assert.equal(loopCount("1", 8), 1);
  for (const bad of ["0", "-2", "two", "1.5"]) assert.equal(loopCount(bad, 8), 1, bad);
});

/**
 * `p`, with a timer keeping the event loop turning meanwhile: an
 * Atomics.waitAsync alone does not (in tcpserver each loop's Worker has its
 * message port to the dispatcher).
 */
async function alive<T>(p: Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 10);
  try {
    return await p;
  } finally {
    clearInterval(timer);
  }
}

/** Whether `p` settles within a few turns of the event loop. */
async function settles(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => done = true);
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return done;
}

Deno.test("loops sharing -c 2 never serve more than two connections between them", async () => {
  const first = new LoopShare(2);
  const second = new LoopShare(2, first.buffer);
  await first.acquire();
  await second.acquire();
  assert.equal(first.active, 2);
  const waiting = second.acquire();
  assert.equal(await settles(waiting), false);
  assert.equal(await settles(first.vacancy()), false);
  first.release();
  assert.equal(await settles(waiting), true);
  assert.equal(second.active, 2);
  second.release();
  assert.equal(await settles(first.vacancy()), true);
  assert.equal(first.active, 1);
});

Deno.test("loops number their connections from one counter", () => {
  const a = new LoopShare(40);
  const b = new LoopShare(40, a.buffer);
  assert.deepEqual([a.nextId(), b.nextId(), a.nextId()], [1, 2, 3]);
});

Deno.test("the first loop waits for the others to bind, and hears when one could not", async () => {
  const first = new LoopShare(40);
  const ready = first.waitReady(2, 5_000);
  new LoopShare(40, first.buffer).ready();
  assert.equal(await settles(ready), false);
  new LoopShare(40, first.buffer).ready();
  assert.equal(await alive(ready), true);

  const other = new LoopShare(40);
  const failing = other.waitReady(2, 5_000);
  new LoopShare(40, other.buffer).failed();
  new LoopShare(40, other.buffer).ready();
  assert.equal(await alive(failing), false);
  assert.equal(await alive(new LoopShare(40).waitReady(1, 10)), false, "timed out");
});

Deno.test("go, stop and the end of every loop reach the loops waiting for them", async () => {
  const first = new LoopShare(40);
  const later = new LoopShare(40, first.buffer);
  const go = later.waitGo();
  const stop = later.waitStop();
  const ended = first.waitEnded(1);
  assert.equal(await settles(go), false);
  first.go();
  await alive(go);
  assert.equal(await settles(stop), false);
  first.stop();
  await alive(stop);
  assert.equal(await settles(ended), false);
  later.ended();
  await alive(ended);
});

Deno.test("a single loop's slots wait for a free one before accepting", async () => {
  const slots = new LocalSlots(1);
  await slots.acquire();
  const vacancy = slots.vacancy();
  assert.equal(await settles(vacancy), false);
  slots.release();
  assert.equal(await settles(vacancy), true);
  assert.equal(slots.active, 0);
});

Deno.test("further loops may listen on the port the first was given, and nothing else changes", () => {
  const first = { net: ["127.0.0.1:0", "0.0.0.0:0", "127.0.0.1:53"], read: ["/x"] };
  assert.deepEqual(withBoundPort(first, "127.0.0.1:0", 4242), {
    net: ["127.0.0.1:4242", "0.0.0.0:0", "127.0.0.1:53"],
    read: ["/x"],
  });
  const fixed = { net: ["[::1]:25"] };
  assert.deepEqual(withBoundPort(fixed, "[::1]:25", 25), fixed);
});
