import assert from "node:assert/strict";
import { makeQueueHome, queueMessage, ScriptedLocal, startSend } from "./_testing.ts";
import { queuePath } from "../queue/layout.ts";
import { fromBytes } from "./bytes.ts";
import { NO_REMOTE } from "./remote_defer.ts";
import { TOO_LONG } from "./deliveries.ts";

function queueLeft(home: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of Deno.readDirSync(`${home}/queue/${rel}`)) {
      if (e.isDirectory) walk(`${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`);
    }
  };
  for (const d of ["mess", "info", "local", "remote", "todo", "intd", "bounce", "pid"]) walk(d);
  return out.sort();
}

Deno.test("qmail-send delivers a local message and logs it as qmail-log(5) says", async () => {
  const home = await makeQueueHome();
  try {
    const id = await queueMessage(home, "joe@example.com", ["bob@example.com"]);
    const size = Deno.statSync(queuePath(`${home}/queue`, "mess", id)).size;
    const local = new ScriptedLocal();
    const run = startSend(home, local);
    await run.waitFor(/^end msg /);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(run.log.lines, [
      "status: local 0/10 remote 0/20\n",
      `new msg ${id}\n`,
      `info msg ${id}: bytes ${size} from <joe@example.com> qp 4242 uid 1000\n`,
      `starting delivery 1: msg ${id} to local bob@example.com\n`,
      "status: local 1/10 remote 0/20\n",
      "delivery 1: success: did_0+0+1//\n",
      "status: local 0/10 remote 0/20\n",
      `end msg ${id}\n`,
      "status: exiting\n",
    ]);
    assert.equal(local.requests[0].sender, "joe@example.com");
    assert.equal(local.requests[0].recipient, "bob@example.com");
    assert.equal(local.requests[0].messagePath, queuePath(`${home}/queue`, "mess", id));
    assert.deepEqual(queueLeft(home), []);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a permanent failure is marked done and bounces to the sender in QSBMF", async () => {
  const home = await makeQueueHome({ bouncehost: "mx.example.com" });
  try {
    const id = await queueMessage(home, "joe@example.org", ["bob@example.com", "ann@example.com"]);
    const local = new ScriptedLocal((r) =>
      r.recipient.startsWith("bob")
        ? { status: "failure", text: "Sorry, no mailbox here by that name. (#5.1.1)\n" }
        : { status: "success", text: "did 1+0+0/\n" }
    );
    const run = startSend(home, local);
    await run.waitFor(/^end msg /);
    await run.stop();
    assert.ok(run.log.lines.includes(`bounce msg ${id} qp 777\n`), run.log.text);
    assert.ok(
      run.log.lines.some((l) =>
        /^delivery \d: failure: Sorry,_no_mailbox_here_by_that_name._\(#5\.1\.1\)\/\n$/.test(l)
      ),
    );
    assert.equal(run.bounces.length, 1);
    const b = run.bounces[0];
    assert.equal(b.envelopeSender, "");
    assert.equal(b.recipient, "joe@example.org");
    const text = fromBytes(b.message);
    assert.match(
      text,
      /^Date: .* -0000\nFrom: MAILER-DAEMON@mx\.example\.com\nTo: joe@example\.org\n/,
    );
    assert.ok(
      text.includes(
        "Subject: failure notice\n\nHi. This is the qmail-send program at mx.example.com.\n" +
          "I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
          "This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
          "<bob@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n" +
          "--- Below this line is a copy of the message.\n\n" +
          "Return-Path: <joe@example.org>\nReceived: (qmail 4242 invoked by uid 1000); ",
      ),
      text,
    );
    assert.ok(text.endsWith("Subject: test\n\nhello\n"));
    assert.deepEqual(queueLeft(home), []);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a deferral keeps the recipient; the done one is marked D and not tried again", async () => {
  const home = await makeQueueHome();
  try {
    const id = await queueMessage(home, "joe@example.org", ["bob@example.com", "ann@example.com"]);
    const local = new ScriptedLocal((r) =>
      r.recipient.startsWith("bob")
        ? { status: "deferral", text: "Temporary failure. (#4.3.0)\n" }
        : { status: "success", text: "did 1+0+0/\n" }
    );
    const run = startSend(home, local);
    await run.waitFor(/^delivery 2: /);
    await run.waitFor(/^status: local 0\/10/);
    run.send.alrm(); // retry now: only bob is tried again
    await run.waitFor(/^delivery 3: deferral/);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(local.requests.map((r) => r.recipient).sort(), [
      "ann@example.com",
      "bob@example.com",
      "bob@example.com",
    ]);
    const localFile = queuePath(`${home}/queue`, "local", id);
    const bytes = fromBytes(Deno.readFileSync(localFile));
    assert.equal(bytes, "Tbob@example.com\0Dann@example.com\0");
    // pqfinish wrote the next retry (birth + (isqrt(age) + 10)^2) as the mtime
    const birth = Deno.statSync(queuePath(`${home}/queue`, "info", id)).mtime!.getTime() / 1000;
    const retry = Deno.statSync(localFile).mtime!.getTime() / 1000;
    assert.ok(retry >= Math.floor(birth) + 100, `${retry} vs ${birth}`);
    assert.ok(run.log.lines.at(-1) === "status: exiting\n");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("remote recipients go to remote/N and are deferred until qmail-remote exists", async () => {
  const home = await makeQueueHome();
  try {
    const id = await queueMessage(home, "joe@example.com", ["x@elsewhere.org"]);
    const run = startSend(home, new ScriptedLocal());
    await run.waitFor(/^delivery 1: deferral: /);
    await run.stop();
    assert.ok(run.log.lines.includes(
      `starting delivery 1: msg ${id} to remote x@elsewhere.org\n`,
    ));
    assert.ok(run.log.lines.includes(
      `delivery 1: deferral: ${NO_REMOTE.replaceAll(" ", "_").replace("\n", "/")}\n`,
    ));
    assert.equal(
      fromBytes(Deno.readFileSync(queuePath(`${home}/queue`, "remote", id))),
      "Tx@elsewhere.org\0",
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("past queuelifetime a deferral becomes a failure and bounces", async () => {
  const home = await makeQueueHome({ queuelifetime: "0\n" });
  try {
    const id = await queueMessage(home, "joe@example.org", ["bob@example.com"]);
    // born two seconds ago
    const past = new Date(Date.now() - 2000);
    Deno.utimeSync(queuePath(`${home}/queue`, "mess", id), past, past);
    const local = new ScriptedLocal(() => ({ status: "deferral", text: "Busy. (#4.3.0)\n" }));
    const run = startSend(home, local, { now: () => Math.floor(Date.now() / 1000) + 5 });
    await run.waitFor(/^end msg /);
    await run.stop();
    assert.ok(
      run.log.lines.includes(
        `delivery 1: failure: Busy._(#4.3.0)/${TOO_LONG.replaceAll(" ", "_").replace("\n", "/")}\n`,
      ),
      run.log.text,
    );
    assert.equal(run.bounces.length, 1);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a failed bounce double-bounces to doublebounceto; a failed double bounce is dropped", async () => {
  const home = await makeQueueHome({ doublebounceto: "pm\n", doublebouncehost: "dbh.example\n" });
  try {
    const bounce = await queueMessage(home, "", ["bob@example.com"]);
    const dbl = await queueMessage(home, "#@[]", ["pm@example.com"]);
    const local = new ScriptedLocal(() => ({ status: "failure", text: "No. (#5.1.1)\n" }));
    const run = startSend(home, local);
    await run.waitFor(new RegExp(`^end msg ${bounce}\n`));
    await run.waitFor(new RegExp(`^end msg ${dbl}\n`));
    await run.stop();
    assert.equal(run.bounces.length, 1);
    assert.equal(run.bounces[0].envelopeSender, "#@[]");
    assert.equal(run.bounces[0].recipient, "pm@dbh.example");
    const text = fromBytes(run.bounces[0].message);
    assert.ok(
      text.includes(
        "I tried to deliver a bounce message to this address, but the bounce bounced!\n\n" +
          "<bob@example.com>:\nNo. (#5.1.1)\n\n--- Below this line is the original bounce.\n\n" +
          "Return-Path: <>\n",
      ),
      text,
    );
    assert.ok(run.log.lines.includes(`triple bounce: discarding bounce/${dbl}\n`), run.log.text);
    for (const id of [bounce, dbl]) {
      assert.equal(run.log.lines.filter((l) => l === `end msg ${id}\n`).length, 1, run.log.text);
    }
    assert.deepEqual(queueLeft(home), []);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("TERM waits for a delivery in flight, then logs status: exiting", async () => {
  const home = await makeQueueHome();
  try {
    await queueMessage(home, "joe@example.org", ["bob@example.com"]);
    let release!: () => void;
    const gate = new Promise<void>((r) => release = r);
    const local = new ScriptedLocal(async () => {
      await gate;
      return { status: "success", text: "ok\n" };
    });
    const run = startSend(home, local);
    await run.waitFor(/^starting delivery 1/);
    run.send.term();
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(!run.log.lines.includes("status: exiting\n"));
    release();
    assert.equal(await run.done, 0);
    const tail = run.log.lines.slice(-3);
    assert.deepEqual(tail, [
      "delivery 1: success: ok/\n",
      "status: local 0/10 remote 0/20 exitasap\n",
      "status: exiting\n",
    ]);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("virtualdomains and percenthack decide the local address; HUP re-reads them", async () => {
  const home = await makeQueueHome({
    virtualdomains: "nowhere.mil:bob\n.fax:uucp-fax\nex.nowhere.mil:\n",
    percenthack: "example.com\n",
  });
  try {
    await queueMessage(home, "s@x.org", [
      "info@nowhere.mil",
      "a@b.fax",
      "c@ex.nowhere.mil",
      "u%nowhere.mil@example.com",
      "plain",
    ]);
    const local = new ScriptedLocal();
    const run = startSend(home, local);
    await run.waitFor(/^delivery 5: /);
    await run.waitFor(/to remote c@ex\.nowhere\.mil/); // the exception: not virtual
    assert.deepEqual(local.requests.map((r) => r.recipient).sort(), [
      "bob-info@nowhere.mil",
      "bob-u@nowhere.mil",
      "plain@example.com",
      "uucp-fax-a@b.fax",
    ]);
    Deno.writeTextFileSync(`${home}/control/virtualdomains`, "other.mil:joe\n");
    run.send.hup();
    await new Promise((r) => setTimeout(r, 30));
    await queueMessage(home, "s@x.org", ["z@other.mil"]);
    run.send.pull();
    await run.waitFor(/to local joe-z@other\.mil/);
    await run.stop();
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("TERM does not wait forever on a bounce that cannot be written; the recipient is kept", async () => {
  const home = await makeQueueHome();
  try {
    const id = await queueMessage(home, "joe@example.org", ["bob@example.com"]);
    // bounce/ replaced by a file: appending to bounce/N fails until it is put back.
    Deno.removeSync(`${home}/queue/bounce`, { recursive: true });
    Deno.writeTextFileSync(`${home}/queue/bounce`, "");
    const local = new ScriptedLocal(() => ({ status: "failure", text: "No. (#5.1.1)\n" }));
    const run = startSend(home, local);
    await run.waitFor(/^alert: unable to append to bounce message/);
    run.send.term();
    assert.equal(await run.done, 0);
    assert.equal(run.log.lines.at(-1), "status: exiting\n");
    // Not marked done: the next run tries bob@example.com again.
    const records = fromBytes(Deno.readFileSync(queuePath(`${home}/queue`, "local", id)));
    assert.equal(records, "Tbob@example.com\0");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
