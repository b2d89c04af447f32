/**
 * qmail-qmtpd and qmail-qmqpd run as a user runs them (`qmail qmail-qmtpd`
 * through main.ts and the sandbox) on stdin/stdout in a fresh tree: what
 * they queue, what they answer, and their exit codes.
 *
 * @module
 */

import assert from "node:assert/strict";
import { makeTree, queueFiles, runQmail, type TempTree } from "./helpers.ts";
import { queuedMessages as queued } from "./tcpserver_fixture.ts";

const ENV = { TCPREMOTEIP: "192.0.2.7", TCPLOCALHOST: "mx.test.example" };

/** A netstring of a latin1 string. */
function ns(s: string): string {
  return `${new TextEncoder().encode(s).length}:${s},`;
}

/** A QMTP package: message (first byte says LF or CRLF), sender, recipients. */
function qmtp(message: string, sender: string, recipients: string[]): string {
  return ns(message) + ns(sender) + ns(recipients.map(ns).join(""));
}

/** A QMQP package: one netstring of message, sender and recipients. */
function qmqp(message: string, sender: string, recipients: string[]): string {
  return ns(ns(message) + ns(sender) + recipients.map(ns).join(""));
}

/** The netstrings of an answer, as their payloads. */
function answers(out: string): string[] {
  const list = [];
  let rest = out;
  while (rest.length > 0) {
    const colon = rest.indexOf(":");
    const len = Number(rest.slice(0, colon));
    list.push(rest.slice(colon + 1, colon + 1 + len));
    assert.equal(rest[colon + 1 + len], ",");
    rest = rest.slice(colon + 2 + len);
  }
  return list;
}

/** Nothing left behind: pid/ empty, and mess/ and intd/ only the queued messages'. */
function assertNoLeftovers(home: string): void {
  assert.deepEqual(queueFiles(home, "pid"), []);
  const n = queued(home).length;
  for (const dir of ["mess", "intd"]) assert.equal(queueFiles(home, dir).length, n, dir);
}

async function tree(): Promise<TempTree> {
  const t = await makeTree("test.example");
  Deno.writeTextFileSync(`${t.home}/control/rcpthosts`, "test.example\n");
  return t;
}

Deno.test("qmail-qmtpd queues each package and answers every recipient, refusing one outside rcpthosts", async () => {
  using t = await tree();
  const r = await runQmail("qmail-qmtpd", [], {
    home: t.home,
    env: ENV,
    stdin: qmtp("\nSubject: one\n\nbody\n", "a@b.example", [
      "bob@test.example",
      "joe@far.example",
      "carol@test.example",
    ]) + qmtp("\nSubject: two\n\n", "", ["bob@test.example"]),
  });
  assert.equal(r.code, 0, r.stderr);
  const a = answers(r.stdout);
  assert.equal(a.length, 4);
  assert.match(a[0], /^Kok \d+ qp \d+$/);
  assert.equal(a[1], "Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");
  assert.equal(a[2], a[0]);
  assert.match(a[3], /^Kok /);
  assert.notEqual(a[3], a[0]);
  const msgs = queued(t.home);
  assert.equal(msgs.length, 2);
  const [one, two] = ["one", "two"].map((s) => msgs.find((m) => m.text.includes(`Subject: ${s}`))!);
  assert.deepEqual(one.recipients, ["bob@test.example", "carol@test.example"]);
  assert.equal(one.sender, "a@b.example");
  assert.match(
    one.text,
    /^Received: \(qmail \d+ invoked from network\); .*\nReceived: from unknown \(192\.0\.2\.7\)\n {2}by mx\.test\.example with QMTP; .*\nSubject: one\n\nbody\n$/,
  );
  assert.equal(two.sender, "");
  assertNoLeftovers(t.home);
});

Deno.test("qmail-qmtpd turns CRLF into LF when the message starts with CR, keeping a bare CR", async () => {
  using t = await tree();
  const r = await runQmail("qmail-qmtpd", [], {
    home: t.home,
    env: ENV,
    stdin: qmtp("\rSubject: crlf\r\n\r\na\rb\r\nend\r", "a@b.example", ["bob@test.example"]),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(answers(r.stdout)[0], /^Kok /);
  assert.match(queued(t.home)[0].text, /\nSubject: crlf\n\na\rb\nend\r$/);
});

Deno.test("qmail-qmtpd appends RELAYCLIENT to each recipient and skips rcpthosts", async () => {
  using t = await tree();
  const r = await runQmail("qmail-qmtpd", [], {
    home: t.home,
    env: { ...ENV, RELAYCLIENT: "@fixme" },
    stdin: qmtp("\nx\n", "a@b.example", ["joe@far.example"]),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(answers(r.stdout)[0], /^Kok /);
  assert.deepEqual(queued(t.home)[0].recipients, ["joe@far.example@fixme"]);
});

Deno.test("qmail-qmtpd refuses a message over databytes and an unacceptable sender with D, queuing neither", async () => {
  using t = await tree();
  Deno.writeTextFileSync(`${t.home}/control/databytes`, "10\n");
  const r = await runQmail("qmail-qmtpd", [], {
    home: t.home,
    env: ENV,
    stdin: qmtp("\r12345\r\n67890\r\n", "a@b.example", ["bob@test.example"]) +
      qmtp("\n1234567890", "a@b.example", ["bob@test.example"]) +
      qmtp("\nshort\n", "a\0b@b.example", ["bob@test.example", "carol@test.example"]),
  });
  assert.equal(r.code, 0, r.stderr);
  const a = answers(r.stdout);
  assert.equal(a.length, 4);
  assert.equal(a[0], "Dsorry, that message size exceeds my databytes limit (#5.3.4)");
  assert.match(a[1], /^Kok /);
  assert.equal(a[2], "Dunacceptable sender (#5.1.7)");
  assert.equal(a[3], a[2]);
  assert.equal(queued(t.home).length, 1);
  assertNoLeftovers(t.home);
});

Deno.test("qmail-qmtpd exits 100 on a package that is not netstrings, queuing nothing", async () => {
  using t = await tree();
  for (const stdin of ["4:\nabc;", "x", "3:xab,"]) {
    const r = await runQmail("qmail-qmtpd", [], { home: t.home, env: ENV, stdin });
    assert.equal(r.code, 100, `${JSON.stringify(stdin)}: ${r.stderr}`);
    assert.equal(r.stdout, "");
  }
  assert.equal(queued(t.home).length, 0);
  assertNoLeftovers(t.home);
});

Deno.test("qmail-qmqpd queues its one package and answers Kok", async () => {
  using t = await tree();
  const r = await runQmail("qmail-qmqpd", [], {
    home: t.home,
    env: ENV,
    stdin: qmqp("Subject: qmqp\n\nhi\n", "a@b.example", ["joe@far.example", "bob@test.example"]),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(answers(r.stdout)[0], /^Kok \d+ qp \d+$/);
  const [m] = queued(t.home);
  assert.deepEqual(m.recipients, ["joe@far.example", "bob@test.example"]);
  assert.match(m.text, /\n {2}by mx\.test\.example with QMQP; .*\nSubject: qmqp\n\nhi\n$/);
});

Deno.test("qmail-qmqpd refuses a package with a NUL in a recipient, queuing nothing", async () => {
  using t = await tree();
  const r = await runQmail("qmail-qmqpd", [], {
    home: t.home,
    env: ENV,
    stdin: qmqp("Subject: x\n\n", "a@b.example", ["bob@test.example", "b\0d@test.example"]),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(answers(r.stdout), ["Dsorry, I can't accept addresses like that (#5.1.3)"]);
  assert.equal(queued(t.home).length, 0);
  assertNoLeftovers(t.home);
});

Deno.test("qmail-qmqpd exits 100 when a part runs past the package, queuing nothing", async () => {
  using t = await tree();
  const r = await runQmail("qmail-qmqpd", [], {
    home: t.home,
    env: ENV,
    stdin: `10:${ns("Subject: x\n\n")}${ns("a@b.example")},`,
  });
  assert.equal(r.code, 100, r.stderr);
  assert.equal(r.stdout, "");
  assert.equal(queued(t.home).length, 0);
  assertNoLeftovers(t.home);
});

Deno.test("qmail-qmqpd kills a QMAILQUEUE program when the envelope is refused, so it queues nothing", async () => {
  using t = await tree();
  const out = `${t.dir}/qq-out`;
  const script = `${t.dir}/fake-qq`;
  Deno.writeTextFileSync(
    script,
    `#!/bin/sh\ncat > ${out}.msg\ncat <&1 > ${out}.env\necho done > ${out}.done\n`,
  );
  Deno.chmodSync(script, 0o755);
  const good = await runQmail("qmail-qmqpd", [], {
    home: t.home,
    env: { ...ENV, QMAILQUEUE: script },
    stdin: qmqp("Subject: x\n\n", "a@b.example", ["bob@test.example"]),
  });
  assert.equal(good.code, 0, good.stderr);
  assert.match(answers(good.stdout)[0], /^Kok /);
  assert.equal(Deno.readTextFileSync(`${out}.env`), "Fa@b.example\0Tbob@test.example\0\0");
  for (const suffix of [".msg", ".env", ".done"]) Deno.removeSync(out + suffix);
  const bad = await runQmail("qmail-qmqpd", [], {
    home: t.home,
    env: { ...ENV, QMAILQUEUE: script },
    stdin: qmqp("Subject: x\n\n", "a@b.example", ["b\0d@test.example"]),
  });
  assert.equal(bad.code, 0, bad.stderr);
  assert.deepEqual(answers(bad.stdout), ["Dsorry, I can't accept addresses like that (#5.1.3)"]);
  assert.throws(() => Deno.statSync(`${out}.done`));
});
