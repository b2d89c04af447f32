/**
 * splogger as qmail's rc runs it, through the sandbox (the dispatcher writes
 * to /dev/log): a syslog socket at /dev/log is set up by the test when the
 * machine has none (root only), and the entries splogger sends are read
 * back. Other programs may log there meanwhile; only this test's tag counts.
 *
 * @module
 */

import assert from "node:assert/strict";
import { runQmail } from "./helpers.ts";

Deno.test({
  name: "splogger sends each line to /dev/log with its tag, facility, priority and stamp",
  ignore: Deno.uid() !== 0,
  async fn() {
    let exists = true;
    try {
      Deno.lstatSync("/dev/log");
    } catch {
      exists = false;
    }
    if (exists) return console.log("skipped: /dev/log belongs to this machine's syslog");
    const log = Deno.listenDatagram({ transport: "unixpacket", path: "/dev/log" });
    const tag = `qmt-splogger-${crypto.randomUUID().slice(0, 8)}`;
    const got: string[] = [];
    const reading = (async () => {
      for (;;) {
        const [data] = await log.receive();
        const text = new TextDecoder().decode(data);
        if (text.includes(` ${tag}: `)) got.push(text);
        if (got.length === 3) return;
      }
    })();
    try {
      const r = await runQmail("splogger", [tag, "3"], {
        stdin: `status: local 0/10\n\nwarning: trouble\u0007\n${"y".repeat(900)}\nno newline`,
      });
      assert.equal(r.code, 0, r.stderr);
      const timer = setTimeout(() => log.close(), 10_000);
      await reading.catch(() => {});
      clearTimeout(timer);
    } finally {
      try {
        log.close();
      } catch {
        // closed by the timer
      }
      Deno.removeSync("/dev/log");
    }
    const day = /^<(\d+)>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /;
    assert.equal(got.length, 3, got.join("\n"));
    assert.match(got[0], new RegExp(`${day.source}${tag}: \\d+\\.\\d{6} status: local 0/10$`));
    assert.equal(day.exec(got[0])![1], String(3 * 8 + 6));
    assert.match(
      got[1],
      new RegExp(`^<${3 * 8 + 4}>.* ${tag}: \\d+\\.\\d{6} warning: trouble\\?$`),
    );
    assert.match(got[2], new RegExp(` ${tag}: \\d+\\.\\d{6} y{799}$`));
  },
});
