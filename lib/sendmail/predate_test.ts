import assert from "node:assert/strict";
import { dateLineFor, localDateLine } from "./predate.ts";

const T = { year: 1995, month: 8, day: 26, hour: 0, minute: 46, second: 54 };

Deno.test("predate's Date line has the local time and a numeric zone west of GMT", () => {
  assert.equal(dateLineFor(T, -4 * 3600), "Date: 26 Sep 1995 00:46:54 -0400\n");
});

Deno.test("predate's Date line writes GMT itself as +0000", () => {
  assert.equal(dateLineFor(T, 0), "Date: 26 Sep 1995 00:46:54 +0000\n");
});

Deno.test("predate's Date line shows half-hour zones and single-digit days", () => {
  const t = { ...T, day: 3, month: 0, hour: 9, minute: 5, second: 7 };
  assert.equal(dateLineFor(t, 5.5 * 3600), "Date: 3 Jan 1995 09:05:07 +0530\n");
  assert.equal(dateLineFor(t, -(9 * 3600 + 30 * 60)), "Date: 3 Jan 1995 09:05:07 -0930\n");
});

Deno.test("predate rounds an offset with seconds to the nearest minute", () => {
  assert.equal(dateLineFor(T, 1172), "Date: 26 Sep 1995 00:46:54 +0020\n"); // 19m32s
  assert.equal(dateLineFor(T, -1168), "Date: 26 Sep 1995 00:46:54 -0019\n"); // 19m28s
});

Deno.test("predate's local Date line agrees with the Date's own zone offset", () => {
  const now = new Date(Date.UTC(2026, 10, 22, 0, 43, 7));
  const line = localDateLine(now);
  const m = /^Date: (\d+) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\n$/.exec(line);
  assert.ok(m, line);
  const offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  assert.equal(offset, 0 - now.getTimezoneOffset());
  assert.equal(Number(m[1]), now.getDate());
  assert.equal(Number(m[4]), now.getHours());
});
