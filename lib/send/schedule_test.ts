import assert from "node:assert/strict";
import { isDying, isqrt, nextRetry, retryTable } from "./schedule.ts";

Deno.test("remote retries follow the source documents' table: 0, 400, 1600, 3600 … seconds", () => {
  assert.deepEqual(retryTable("remote", 8), [0, 400, 1600, 3600, 6400, 10000, 14400, 19600]);
});

Deno.test("local retries come faster: 0, 100, 400, 900, 1600 … seconds", () => {
  assert.deepEqual(retryTable("local", 6), [0, 100, 400, 900, 1600, 2500]);
});

Deno.test("nextRetry takes the whole square root of the age, as qmail-send's squareroot", () => {
  assert.equal(nextRetry(1000, 1000, "local"), 1100);
  assert.equal(nextRetry(1000, 1099, "local"), 1000 + (9 + 10) ** 2); // isqrt(99) = 9
  assert.equal(nextRetry(1000, 900, "remote"), 1400); // born in the future: age 0
  for (let x = 0; x < 5000; x++) {
    const y = isqrt(x);
    assert.ok(y * y <= x && (y + 1) * (y + 1) > x);
  }
});

Deno.test("a message is dying only after queuelifetime has passed", () => {
  assert.equal(isDying(1000, 1000 + 604800, 604800), false);
  assert.equal(isDying(1000, 1001 + 604800, 604800), true);
});
