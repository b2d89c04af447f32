/**
 * splogger as qmail's rc runs it, through the sandbox (the dispatcher writes
 * to /dev/log): a syslog socket at /dev/log is set up by the test when the
 * machine has none (root only), and the entries splogger sends are read
 * back. Other programs may log there meanwhile; only this test's tag counts.
 *
 * @module
 */

import assert from "node:assert/strict";
import { DENO_RUN, makeTree, runQmail } from "./helpers.ts";

/** A syslog socket at /dev/log collecting the datagrams of one tag; undefined if the machine has one. */
function fakeSyslog(tag: string) {
  try {
    Deno.lstatSync("/dev/log");
    return undefined;
  } catch {
    // none: ours for the test
  }
  const log = Deno.listenDatagram({ transport: "unixpacket", path: "/dev/log" });
  const got: string[] = [];
  const waiters: (() => void)[] = [];
  const reading = (async () => {
    try {
      for (;;) {
        const [data] = await log.receive();
        const text = new TextDecoder().decode(data);
        if (!text.includes(` ${tag}: `)) continue;
        got.push(text);
        waiters.splice(0).forEach((w) => w());
      }
    } catch {
      // closed
    }
  })();
  return {
    got,
    /** Waits (at most 30 s) until `n` entries have arrived. */
    async atLeast(n: number): Promise<string[]> {
      const deadline = Date.now() + 30_000;
      while (got.length < n && Date.now() < deadline) {
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 500);
        });
      }
      return got;
    },
    async [Symbol.asyncDispose]() {
      log.close();
      await reading;
      Deno.removeSync("/dev/log");
    },
  };
}

const root = Deno.uid() === 0;
const tag = () => `qmt-splogger-${crypto.randomUUID().slice(0, 8)}`;
const DAY = /^<(\d+)>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /;

Deno.test({
  name: "splogger sends each line to /dev/log with its tag, facility, priority and stamp",
  ignore: !root,
  async fn() {
    const t = tag();
    await using log = fakeSyslog(t);
    if (!log) return console.log("skipped: /dev/log belongs to this machine's syslog");
    const r = await runQmail("splogger", [t, "3"], {
      stdin: `status: local 0/10\n\nwarning: trouble\u0007\n${"y".repeat(900)}\nno newline`,
    });
    assert.equal(r.code, 0, r.stderr);
    const got = await log.atLeast(4);
    assert.equal(got.length, 4, got.join("\n"));
    assert.match(got[0], new RegExp(`${DAY.source}${t}: \\d+\\.\\d{6} status: local 0/10$`));
    assert.equal(DAY.exec(got[0])![1], String(3 * 8 + 6));
    assert.match(got[1], new RegExp(`^<${3 * 8 + 4}>.* ${t}: \\d+\\.\\d{6} warning: trouble\\?$`));
    assert.match(got[2], new RegExp(` ${t}: (\\d+\\.\\d{6}) y{799}$`));
    const stamp = / (\d+\.\d{6}) y/.exec(got[2])![1];
    assert.match(got[3], new RegExp(` ${t}: ${stamp.replace(".", "\\.")}\\+y{101}$`));
  },
});

Deno.test({
  name:
    "qmail's rc line, qmail-start ./Maildir/ splogger TAG, logs qmail-send's activity to syslog",
  ignore: !root,
  async fn() {
    const t = tag();
    await using log = fakeSyslog(t);
    if (!log) return console.log("skipped: /dev/log belongs to this machine's syslog");
    using tree = await makeTree("test.example");
    const start = new Deno.Command(Deno.execPath(), {
      args: [...DENO_RUN, "qmail-start", "./Maildir/", "splogger", t],
      env: { QMAILHOME: tree.home, PATH: `${tree.home}/bin:${Deno.env.get("PATH")}` },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    try {
      const got = await log.atLeast(1);
      assert.match(
        got[0] ?? "",
        new RegExp(`^<22>.* ${t}: \\d+\\.\\d{6} status: local 0/\\d+ remote 0/\\d+$`),
      );
    } finally {
      start.kill("SIGTERM");
      await start.output();
    }
  },
});
