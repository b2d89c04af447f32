import assert from "node:assert/strict";
import { formatEntry, isDown, listEntries, recordAttempt, TCPTO_SIZE, V6 } from "./tcpto_table.ts";

Deno.test("tcpto: one timeout is not enough to skip a host", () => {
  const t = new Uint8Array(TCPTO_SIZE);
  recordAttempt(t, "192.0.2.1", true, 1000);
  assert.deepEqual([...t.subarray(0, 12)], [192, 0, 2, 1, 1, 0, 0, 0, 0xe8, 3, 0, 0]);
  assert.equal(isDown(t, "192.0.2.1", 1001, 0), false);
});

Deno.test("tcpto: a second timeout two minutes later skips the host for about an hour", () => {
  const t = new Uint8Array(TCPTO_SIZE);
  recordAttempt(t, "192.0.2.1", true, 1000);
  assert.equal(recordAttempt(t, "192.0.2.1", true, 1100), -1, "within two minutes: not counted");
  recordAttempt(t, "192.0.2.1", true, 1200);
  assert.equal(isDown(t, "192.0.2.1", 1200 + 3839, 0), true);
  assert.equal(isDown(t, "192.0.2.1", 1200 + 3840, 0), false, "(60 + pid%32) << 6 seconds");
  assert.equal(isDown(t, "192.0.2.1", 1200 + 3840, 31), true);
  assert.equal(isDown(t, "192.0.2.2", 1201, 0), false);
});

Deno.test("tcpto: a successful connection clears the count", () => {
  const t = new Uint8Array(TCPTO_SIZE);
  recordAttempt(t, "192.0.2.1", true, 1000);
  recordAttempt(t, "192.0.2.1", true, 1200);
  recordAttempt(t, "192.0.2.1", false, 1300);
  assert.equal(isDown(t, "192.0.2.1", 1301, 0), false);
  assert.deepEqual(listEntries(t), []);
});

Deno.test("tcpto: a full table replaces the entry that ages out first", () => {
  const t = new Uint8Array(TCPTO_SIZE);
  for (let i = 0; i < 64; i++) recordAttempt(t, `10.0.0.${i}`, true, 5000 + i);
  recordAttempt(t, "10.0.1.1", true, 9000);
  const addrs = listEntries(t).map((e) => e.address);
  assert.equal(addrs.length, 64);
  assert.equal(addrs[0], "10.0.1.1");
});

Deno.test("tcpto: IPv6 addresses use 32-byte records", () => {
  const t = new Uint8Array(2 * TCPTO_SIZE);
  recordAttempt(t, "2001:db8::1", true, 1000);
  recordAttempt(t, "2001:db8::1", true, 1200);
  assert.equal(isDown(t, "2001:db8::1", 1300, 0), true);
  assert.deepEqual(listEntries(t, V6).map((e) => e.address), ["2001:db8::1"]);
});

Deno.test("formatEntry prints qmail-tcpto's line", () => {
  assert.equal(
    formatEntry({ address: "192.0.2.1", count: 2, when: 100 }, 160),
    "192.0.2.1 timed out 60 seconds ago; # recent timeouts: 2\n",
  );
});
