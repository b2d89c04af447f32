/**
 * qmail-inject run the way a user runs it (deno run main.ts qmail-inject,
 * through the sandbox) against a fresh single-user tree.
 */

import assert from "node:assert/strict";
import { makeTree, queuedPaths, runQmail } from "./helpers.ts";

const ENV = { USER: "joe", QMAILINJECT: "", QMAILNAME: "Joe Q" };

/** The queued messages: their message file (bytes) and envelope (intd/todo text). */
function queued(home: string): { message: Uint8Array; envelope: string }[] {
  return queuedPaths(home).map(({ todo, mess }) => {
    return {
      message: Deno.readFileSync(`${home}/queue/${mess}`),
      envelope: Deno.readTextFileSync(`${home}/queue/${todo}`),
    };
  });
}

Deno.test("qmail-inject queues a rewritten message with its envelope", async () => {
  using tree = await makeTree("test.example");
  const r = await runQmail("qmail-inject", [], {
    home: tree.home,
    env: ENV,
    stdin: "To: fred, barney@bedrock\nBcc: wilma\nSubject: hi\n\nbody\n",
  });
  assert.equal(r.code, 0, r.stderr);
  const [q, ...rest] = queued(tree.home);
  assert.equal(rest.length, 0);
  assert.match(
    q.envelope,
    // Each field's addresses in the order qmail's right-to-left walk finds them.
    /Fjoe@test\.example\0Tbarney@bedrock\.test\.example\0Tfred@test\.example\0Twilma@test\.example\0$/,
  );
  const text = new TextDecoder().decode(q.message);
  assert.match(text, /^Received: \(qmail \d+ invoked by uid \d+\); /);
  assert.match(text, /^Message-ID: <\d{14}\.\d+\.qmail@test\.example>$/m);
  assert.match(text, /^From: "Joe Q" <joe@test\.example>$/m);
  assert.match(text, /^To: fred@test\.example, barney@bedrock\.test\.example$/m);
  assert.doesNotMatch(text, /Bcc|wilma/);
  assert.ok(text.endsWith("Subject: hi\n\nbody\n"));
});

Deno.test("qmail-inject passes an 8-bit body into the queue byte for byte", async () => {
  using tree = await makeTree("test.example");
  const body = Uint8Array.from({ length: 256 }, (_, i) => i);
  const input = new Uint8Array([...new TextEncoder().encode("To: fred\n\n"), ...body, 0x0a]);
  const r = await runQmail("qmail-inject", [], { home: tree.home, env: ENV, stdin: input });
  assert.equal(r.code, 0, r.stderr);
  const { message } = queued(tree.home)[0];
  assert.deepEqual(message.subarray(message.length - 257), new Uint8Array([...body, 0x0a]));
});

Deno.test("qmail-inject -n prints the message and leaves the queue alone", async () => {
  using tree = await makeTree("test.example");
  const r = await runQmail("qmail-inject", ["-n", "-fboss", "fred"], {
    home: tree.home,
    env: ENV,
    stdin: "Subject: x\n\nbody\n",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Return-Path: <boss@test\.example>\nDate: /);
  assert.match(r.stdout, /^Cc: recipient list not shown: ;$/m);
  assert.deepEqual(queued(tree.home), []);
});

Deno.test("qmail-inject reads QMAILMFTFILE inside its sandbox", async () => {
  using tree = await makeTree("test.example");
  await Deno.writeTextFile(`${tree.dir}/lists`, "sos@heaven.af.mil\n");
  const r = await runQmail("qmail-inject", ["-n"], {
    home: tree.home,
    env: { ...ENV, QMAILMFTFILE: `${tree.dir}/lists` },
    stdin: "To: sos@heaven.af.mil, fred\n\n",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Mail-Followup-To: sos@heaven\.af\.mil,\n {2}fred@test\.example$/m);
});

Deno.test("qmail-inject exits 100 on a bad option", async () => {
  using tree = await makeTree("test.example");
  const r = await runQmail("qmail-inject", ["-t"], { home: tree.home, env: ENV, stdin: "" });
  assert.equal(r.code, 100);
  assert.equal(r.stderr, "qmail-inject: illegal option -- t\n");
});

Deno.test("qmail-inject exits 100 on a sender field it cannot parse", async () => {
  using tree = await makeTree("test.example");
  const r = await runQmail("qmail-inject", [], {
    home: tree.home,
    env: ENV,
    stdin: "From: (joe\nTo: fred\n\n",
  });
  assert.equal(r.code, 100);
  assert.equal(r.stderr, "qmail-inject: fatal: unable to parse this line:\nFrom: (joe\n");
  assert.deepEqual(queued(tree.home), []);
});

Deno.test("qmail-inject exits 111 when QMAILHOME does not exist", async () => {
  using tree = await makeTree();
  const r = await runQmail("qmail-inject", ["-n"], {
    home: `${tree.dir}/nowhere`,
    env: ENV,
    stdin: "To: fred\n\n",
  });
  assert.equal(r.code, 111);
  assert.equal(r.stderr, "qmail-inject: fatal: internal bug\n");
});

Deno.test("qmail-inject hands message and envelope to a QMAILQUEUE program", async () => {
  using tree = await makeTree("test.example");
  const script = `${tree.dir}/qq`;
  await Deno.writeTextFile(
    script,
    `#!/bin/sh\ncat > "${tree.dir}/msg"\ncat <&1 > "${tree.dir}/env"\nexit 0\n`,
  );
  await Deno.chmod(script, 0o755);
  const r = await runQmail("qmail-inject", ["-a", "fred"], {
    home: tree.home,
    env: { ...ENV, QMAILQUEUE: script },
    stdin: "To: barney\n\nhello\n",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    await Deno.readTextFile(`${tree.dir}/env`),
    "Fjoe@test.example\0Tfred@test.example\0\0",
  );
  assert.ok(
    (await Deno.readTextFile(`${tree.dir}/msg`)).endsWith("To: barney@test.example\n\nhello\n"),
  );
});

Deno.test("qmail-inject reports a permanent queue refusal with exit 100 and a temporary one with 111", async () => {
  using tree = await makeTree("test.example");
  for (
    const [qq, code, text] of [[31, 100, "mail server permanently rejected message (#5.3.0)"], [
      71,
      111,
      "mail server temporarily rejected message (#4.3.0)",
    ]] as const
  ) {
    const script = `${tree.dir}/qq${qq}`;
    await Deno.writeTextFile(script, `#!/bin/sh\ncat > /dev/null\nexit ${qq}\n`);
    await Deno.chmod(script, 0o755);
    const r = await runQmail("qmail-inject", [], {
      home: tree.home,
      env: { ...ENV, QMAILQUEUE: script },
      stdin: "To: fred\n\n",
    });
    assert.equal(r.code, code);
    assert.equal(r.stderr, `qmail-inject: fatal: ${text}\n`);
  }
});
