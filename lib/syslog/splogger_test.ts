import assert from "node:assert/strict";
import {
  LOG_ALERT,
  LOG_INFO,
  LOG_WARNING,
  SploggerLines,
  stamp,
  syslogDatagram,
} from "./splogger.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("splogger stamps each line and picks LOG_ALERT or LOG_WARNING from its start", () => {
  const l = new SploggerLines(() => 1_000_000_000_123.456);
  assert.deepEqual(l.push(bytes("status: ok\nwarning: low\nalert: down\n")), [
    { priority: LOG_INFO, text: "1000000000.123456 status: ok" },
    { priority: LOG_WARNING, text: "1000000000.123456 warning: low" },
    { priority: LOG_ALERT, text: "1000000000.123456 alert: down" },
  ]);
});

Deno.test("splogger turns unprintables into ?, skips blank lines, and keeps a partial line until its newline", () => {
  const l = new SploggerLines(() => 0);
  assert.deepEqual(l.push(bytes("a\tb\u00e9\n\n")), [{
    priority: LOG_INFO,
    text: "0.000000 a?b??",
  }]);
  assert.deepEqual(l.push(bytes("par")), []);
  assert.deepEqual(l.push(bytes("tial\n")), [{ priority: LOG_INFO, text: "0.000000 partial" }]);
  assert.deepEqual(l.push(bytes("never ended")), []);
});

Deno.test("splogger folds a line every 799 characters, continuations marked + after the same stamp", () => {
  const l = new SploggerLines(() => 5_000);
  const got = l.push(bytes(`warning: ${"x".repeat(1700)}\n`));
  assert.equal(got.length, 3);
  assert.equal(got[0].text, `5.000000 warning: ${"x".repeat(790)}`);
  assert.equal(got[1].text, `5.000000+${"x".repeat(799)}`);
  assert.equal(got[2].text, `5.000000+${"x".repeat(111)}`);
  assert.ok(got.every((e) => e.priority === LOG_WARNING));
});

Deno.test("stamp and the syslog datagram: <facility*8+priority>, local time, tag", () => {
  assert.equal(stamp(1_700_000_000_000.5), "1700000000.000500");
  const when = new Date(2026, 10, 2, 9, 5, 7);
  assert.equal(
    syslogDatagram({ priority: LOG_INFO, text: "1.000000 hi" }, "qmail", 2, when),
    "<22>Nov  2 09:05:07 qmail: 1.000000 hi",
  );
});
