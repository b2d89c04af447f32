/**
 * Remote delivery end to end: qmail-inject → qmail-send (qmail-start in a
 * single-user tree) → qmail-rspawn → SMTP servers on loopback addresses,
 * with dnsmasq as the resolver (DNSCACHEIP) and every server on one port
 * chosen at run time (QMAILREMOTE_PORT stands in for port 25).
 */

import assert from "node:assert/strict";
import { DENO_RUN, makeTree, runQmail } from "./helpers.ts";
import {
  type Peer,
  randomPort,
  readEvents,
  startDnsmasq,
  startPeer,
  startSmtpSink,
} from "./remote_helpers.ts";

/** The records of the test's DNS (RFC 2606 .test names). */
function zone(): string[] {
  const big = Array.from(
    { length: 24 },
    (_, i) => `--mx-host=big.test,mx-with-a-rather-long-name-number-${i}.big.test,${50 + i}`,
  );
  return [
    "--local=/test/",
    "--local-ttl=1",
    "--mx-host=ex.test,mx1.ex.test,10",
    "--mx-host=ex.test,mx2.ex.test,20",
    "--address=/mx1.ex.test/127.0.0.2",
    "--address=/mx2.ex.test/127.0.0.3",
    "--mx-host=sink.test,mx.sink.test,10",
    "--mx-host=sink.test,mx2.ex.test,20",
    "--address=/mx.sink.test/127.0.0.8",
    "--cname=alias.test,canon.test",
    "--mx-host=canon.test,mx.canon.test,10",
    "--address=/mx.canon.test/127.0.0.4",
    ...big,
    "--mx-host=big.test,mx.canon.test,1",
    "--mx-host=bounce.test,mx.bounce.test,10",
    "--address=/mx.bounce.test/127.0.0.6",
    "--mx-host=rules.test,mx.rules.test,10",
    "--address=/mx.rules.test/127.0.0.7",
    "--mx-host=many.test,mx.many.test,10",
    "--address=/mx.many.test/127.0.0.10",
    "--mx-host=slow.test,mx.slow.test,10",
    "--address=/mx.slow.test/127.0.0.9",
  ];
}

class LogWatch {
  lines: string[] = [];
  #waiters: (() => void)[] = [];
  constructor(stream: ReadableStream<Uint8Array>) {
    (async () => {
      let buf = "";
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          this.lines.push(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
        for (const w of this.#waiters.splice(0)) w();
      }
    })();
  }
  /** Waits (at most `ms`) for a line matching `re` after line `from`; returns it. */
  async wait(re: RegExp, from = 0, ms = 30_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.lines.slice(from).find((l) => re.test(l));
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(`no log line ${re} in:\n${this.lines.slice(from).join("\n")}`);
      }
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("remote delivery interop: dnsmasq, smtp-sink and Python SMTP servers on loopback", async (t) => {
  using tree = await makeTree("me.example");
  const dns = await startDnsmasq(zone(), tree.dir);
  if (!dns) {
    console.log("skipped: dnsmasq cannot be installed");
    return;
  }
  await using _dns = dns;
  const port = randomPort();
  const log = (name: string) => `${tree.dir}/${name}.jsonl`;
  const peers: Peer[] = [];
  const smtp = async (address: string, name: string, ...rules: string[]) => {
    const p = await startPeer("smtp", [address, String(port), log(name), ...rules]);
    peers.push(p);
    return p;
  };
  await smtp("127.0.0.3", "mx2");
  await smtp("127.0.0.4", "canon");
  await smtp("127.0.0.6", "bounce");
  await smtp(
    "127.0.0.7",
    "rules",
    "reject=550 5.1.1 sorry, no mailbox here by that name",
    "--defer-once",
    "defer",
  );
  await smtp("127.0.0.10", "many");
  let blackhole: Peer | undefined = await startPeer("blackhole", ["127.0.0.9", String(port)]);
  const sink = await startSmtpSink("127.0.0.8", port);
  Deno.writeTextFileSync(`${tree.home}/control/timeoutconnect`, "2\n");

  const env = {
    QMAILHOME: tree.home,
    DNSCACHEIP: `127.0.0.1:${dns.port}`,
    QMAILREMOTE_PORT: String(port),
  };
  const start = new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, "qmail-start", "./Maildir/"],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const watch = new LogWatch(start.stdout);
  const inject = async (from: string, to: string[], body = "hello\n") => {
    const mark = watch.lines.length;
    const r = await runQmail("qmail-inject", [`-f${from}`, ...to], {
      home: tree.home,
      stdin: `From: ${from}\nTo: ${to[0]}\nSubject: remote test\n\n${body}`,
    });
    assert.equal(r.code, 0, r.stderr);
    return mark;
  };
  const alarm = () => start.kill("SIGALRM");
  /** The result line of the next delivery to `rcpt` started after line `mark`. */
  const outcome = async (rcpt: string, mark: number) => {
    const esc = rcpt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const started = await watch.wait(
      new RegExp(`starting delivery \\d+: msg \\d+ to remote ${esc}$`),
      mark,
    );
    const n = /delivery (\d+)/.exec(started)![1];
    return await watch.wait(new RegExp(`^delivery ${n}: `), mark);
  };

  try {
    await watch.wait(/status: local 0\/\d+ remote 0\/\d+/, 0, 60_000);

    if (sink) {
      await t.step("delivery goes to the best-preference MX (smtp-sink)", async () => {
        const mark = await inject("me@me.example", ["pref@sink.test"]);
        const line = await outcome("pref@sink.test", mark);
        assert.match(line, /success: 127\.0\.0\.8_accepted_message\./);
        assert.equal(readEvents(log("mx2")).filter((e) => e.ev === "rcpt").length, 0);
      });
    } else console.log("smtp-sink step skipped: postfix cannot be installed");

    await t.step("the second MX takes the mail when the first refuses connections", async () => {
      const mark = await inject("me@me.example", ["fallback@ex.test"]);
      assert.match(await outcome("fallback@ex.test", mark), /success: 127\.0\.0\.3_accepted/);
      assert.ok(
        readEvents(log("mx2")).some((e) =>
          e.ev === "data" && e.rcpts?.includes("fallback@ex.test")
        ),
      );
    });

    await t.step("50 recipients at one domain go out in one SMTP connection", async () => {
      const rcpts = Array.from({ length: 50 }, (_, i) => `user${i}@many.test`);
      const mark = await inject("me@me.example", rcpts);
      await until(() =>
        watch.lines.slice(mark).filter((l) => /delivery \d+: success/.test(l)).length === 50
      );
      const events = readEvents(log("many"));
      assert.equal(events.filter((e) => e.ev === "connect").length, 1);
      // One transaction per batch qmail-send starts at once (concurrencyremote, 20 by default).
      const data = events.filter((e) => e.ev === "data");
      assert.equal(data.reduce((n, e) => n + (e.rcpts?.length ?? 0), 0), 50);
      assert.ok(data.length <= 3, `${data.length} transactions`);
    });

    await t.step("a 4xx reply defers, and the retry (ALRM) delivers", async () => {
      const mark = await inject("me@me.example", ["defer@rules.test"]);
      assert.match(
        await outcome("defer@rules.test", mark),
        /deferral: 127\.0\.0\.7_does_not_like_recipient\.\/Remote_host_said:_451_4\.3\.0/,
      );
      const mark2 = watch.lines.length;
      alarm();
      assert.match(await outcome("defer@rules.test", mark2), /success/);
    });

    await t.step("a 5xx reply bounces to the sender with the remote server's text", async () => {
      const mark = await inject("sender@bounce.test", ["reject@rules.test"]);
      assert.match(
        await outcome("reject@rules.test", mark),
        /failure: 127\.0\.0\.7_does_not_like_recipient\.\/Remote_host_said:_550_5\.1\.1/,
      );
      await until(() =>
        readEvents(log("bounce")).some((e) =>
          e.ev === "data" && e.body?.includes("reject@rules.test")
        )
      );
      const bounce = readEvents(log("bounce")).find((e) =>
        e.ev === "data" && e.body?.includes("reject@rules.test")
      )!;
      assert.deepEqual(bounce.rcpts, ["sender@bounce.test"]);
      assert.match(
        bounce.body!,
        /Remote host said: 550 5\.1\.1 sorry, no mailbox here by that name/,
      );
      assert.match(bounce.body!, /Hi\. This is the qmail-send program/);
    });

    await t.step("NXDOMAIN bounces; a refusing DNS server defers", async () => {
      const mark = await inject("sender@bounce.test", ["x@nope.nx.test"]);
      assert.match(
        await outcome("x@nope.nx.test", mark),
        /failure: Sorry,_I_couldn't_find_any_host_named_nope\.nx\.test\._\(#5\.1\.2\)\//,
      );
      const mark2 = await inject("sender@bounce.test", ["x@refused.example"]);
      assert.match(
        await outcome("x@refused.example", mark2),
        /deferral: (Sorry,_I_couldn't_find_any_host_by_that_name\._\(#4\.1\.2\)|CNAME_lookup_failed_temporarily\._\(#4\.4\.3\))\//,
      );
    });

    await t.step(
      "a CNAME'd domain is delivered to its canonical MX, addressed canonically",
      async () => {
        const mark = await inject("me@me.example", ["c@alias.test"]);
        assert.match(
          await outcome("c@alias.test", mark),
          /success: 127\.0\.0\.4_accepted/,
        );
        assert.ok(readEvents(log("canon")).some((e) => e.ev === "rcpt" && e.to === "c@canon.test"));
      },
    );

    await t.step("an MX answer larger than 512 bytes works (TCP retry)", async () => {
      const mark = await inject("me@me.example", ["b@big.test"]);
      assert.match(await outcome("b@big.test", mark), /success: 127\.0\.0\.4_accepted/);
    });

    await t.step("a host that times out is skipped until qmail-tcpok", async () => {
      // One earlier timeout, three minutes ago, in qmail's tcpto format.
      const table = new Uint8Array(1024);
      table.set([127, 0, 0, 9, 1]);
      const when = Math.floor(Date.now() / 1000) - 180;
      table.set([when & 255, (when >> 8) & 255, (when >> 16) & 255, (when >>> 24) & 255], 8);
      Deno.writeFileSync(`${tree.home}/queue/lock/tcpto`, table);
      const mark = await inject("me@me.example", ["t@slow.test"]);
      assert.match(
        await outcome("t@slow.test", mark),
        /deferral: Sorry,_I_wasn't_able_to_establish_an_SMTP_connection\._\(#4\.4\.1\)/,
      );
      const tcpto = await runQmail("qmail-tcpto", [], { home: tree.home });
      assert.match(
        tcpto.stdout,
        /^127\.0\.0\.9 timed out \d+ seconds ago; # recent timeouts: 2\n$/,
      );
      // The host comes back, but qmail-remote does not try it for an hour…
      await blackhole?.[Symbol.asyncDispose]();
      blackhole = undefined;
      await smtp("127.0.0.9", "slow");
      const mark2 = watch.lines.length;
      alarm();
      assert.match(await outcome("t@slow.test", mark2), /deferral: Sorry,_I_wasn't_able/);
      assert.equal(readEvents(log("slow")).length, 0);
      // … until qmail-tcpok, then ALRM (the qmail FAQ's recipe).
      assert.equal((await runQmail("qmail-tcpok", [], { home: tree.home })).code, 0);
      assert.equal((await runQmail("qmail-tcpto", [], { home: tree.home })).stdout, "");
      const mark3 = watch.lines.length;
      alarm();
      assert.match(await outcome("t@slow.test", mark3), /success: 127\.0\.0\.9_accepted/);
    });

    await t.step("smtproutes overrides MX, including a :relay null client", async () => {
      // qmail-rspawn re-reads its control files at most once a second.
      const settle = () => new Promise((r) => setTimeout(r, 1100));
      Deno.writeTextFileSync(`${tree.home}/control/smtproutes`, "ex.test:[127.0.0.4]\n");
      await settle();
      const mark = await inject("me@me.example", ["routed@ex.test"]);
      assert.match(await outcome("routed@ex.test", mark), /success: 127\.0\.0\.4_accepted/);
      Deno.writeTextFileSync(`${tree.home}/control/smtproutes`, ":mx2.ex.test\n");
      await settle();
      const mark2 = await inject("me@me.example", ["anyone@unlisted.test"]);
      assert.match(await outcome("anyone@unlisted.test", mark2), /success: 127\.0\.0\.3_accepted/);
      assert.ok(
        readEvents(log("mx2")).some((e) => e.ev === "rcpt" && e.to === "anyone@unlisted.test"),
      );
    });
  } finally {
    start.kill("SIGTERM");
    await start.status;
    await blackhole?.[Symbol.asyncDispose]();
    await sink?.[Symbol.asyncDispose]();
    for (const p of peers) await p[Symbol.asyncDispose]();
  }
});
