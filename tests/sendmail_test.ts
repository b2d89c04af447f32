import assert from "node:assert/strict";
import { makeTree, queuedPaths, runQmail, type TempTree } from "./helpers.ts";

const latin1 = new TextDecoder("latin1");

/** The queued messages of a tree: envelope (todo/N, NULs as \0) and message (mess/N). */
function queued(home: string): { envelope: string; message: string }[] {
  return queuedPaths(home).map(({ todo, mess }) => {
    return {
      envelope: latin1.decode(Deno.readFileSync(`${home}/queue/${todo}`)),
      message: latin1.decode(Deno.readFileSync(`${home}/queue/${mess}`)),
    };
  });
}

/** The envelope after its `u` and `p` fields. */
function addresses(envelope: string): string {
  return envelope.replace(/^u\d+\0p\d+\0/, "");
}

async function sendmail(
  tree: TempTree,
  args: string[],
  stdin: string,
  env: Record<string, string> = {},
) {
  return await runQmail("sendmail", args, { home: tree.home, stdin, env });
}

const MSG = "To: bob@test.example\nSubject: hi\n\nbody\n";

Deno.test("sendmail -t -f queues one message for the header's recipient from the -f sender", async () => {
  using tree = await makeTree("test.example");
  const r = await sendmail(tree, ["-t", "-f", "alice@test.example"], MSG);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  const q = queued(tree.home);
  assert.equal(q.length, 1);
  assert.equal(addresses(q[0].envelope), "Falice@test.example\0Tbob@test.example\0");
  assert.match(q[0].message, /^From: alice@test\.example$/m);
  assert.match(q[0].message, /\nSubject: hi\n\nbody\n$/);
});

Deno.test("sendmail -t -i (PHP's mail()) takes To and Cc and the sender from the environment", async () => {
  using tree = await makeTree("test.example");
  const msg = "To: bob@test.example\nCc: carol@remote.example\nSubject: s\n\n.\nafter dot\n";
  const r = await sendmail(tree, ["-t", "-i"], msg, { USER: "www" });
  assert.equal(r.code, 0, r.stderr);
  const [q] = queued(tree.home);
  assert.equal(
    addresses(q.envelope),
    "Fwww@test.example\0Tbob@test.example\0Tcarol@remote.example\0",
  );
  assert.match(q.message, /\n\n\.\nafter dot\n$/); // a lone dot is just a line
});

Deno.test("sendmail with recipient arguments (mutt, mail) ignores the header's recipients", async () => {
  using tree = await makeTree("test.example");
  const msg = "To: someone@else.example\nSubject: s\n\nbody\n";
  const r = await sendmail(tree, ["-oem", "-oi", "--", "bob@test.example"], msg, { USER: "me" });
  assert.equal(r.code, 0, r.stderr);
  const [q] = queued(tree.home);
  assert.equal(addresses(q.envelope), "Fme@test.example\0Tbob@test.example\0");
});

Deno.test("sendmail as cron calls it puts the -F name in the From line it adds", async () => {
  using tree = await makeTree("test.example");
  const args = ["-FCronDaemon", "-i", "-B8BITMIME", "-oem", "-f", "root", "root"];
  const r = await sendmail(tree, args, "Subject: Cron <root@host> true\n\nout\n", {
    USER: "nobody",
  });
  assert.equal(r.code, 0, r.stderr);
  const [q] = queued(tree.home);
  assert.equal(addresses(q.envelope), "Froot@test.example\0Troot@test.example\0");
  assert.match(q.message, /^From: .*CronDaemon.*$/m);
  assert.match(q.message, /^From: .*root@test\.example.*$/m);
});

Deno.test("sendmail reports qmail-inject's errors as qmail-inject's", async () => {
  using tree = await makeTree("test.example");
  Deno.mkdirSync(`${tree.home}/control/idhost`); // a control file that cannot be read
  const r = await sendmail(tree, ["bob"], MSG);
  assert.equal(r.stderr, "qmail-inject: fatal: read error\n");
  assert.equal(r.code, 111);
  assert.deepEqual(queued(tree.home), []);
});

Deno.test("sendmail without its home directory fails temporarily before anything else", async () => {
  using tree = await makeTree("test.example");
  const home = `${tree.dir}/missing`;
  for (const args of [["bob"], ["-bp"], ["-Z"]]) {
    const r = await runQmail("sendmail", args, { home, stdin: MSG });
    assert.equal(r.stderr, "sendmail: fatal: unable to switch to qmail home directory\n");
    assert.equal(r.code, 111);
  }
});

Deno.test("sendmail -bp lists the queue as qmail-qread does", async () => {
  using tree = await makeTree("test.example");
  assert.equal((await sendmail(tree, ["-f", "a@test.example", "b@x.example"], MSG)).code, 0);
  const bp = await sendmail(tree, ["-bp"], "");
  const qread = await runQmail("qmail-qread", [], { home: tree.home });
  assert.equal(bp.code, 0);
  assert.equal(bp.stdout, qread.stdout);
  assert.match(bp.stdout, /#\d+ {2}\d+ {2}<a@test\.example> {2}todo\n\ttodo\tb@x\.example\n$/);
});

Deno.test("sendmail -bs speaks SMTP on stdin/stdout as a trusted local client", async () => {
  using tree = await makeTree("test.example");
  const session = [
    "HELO me",
    "MAIL FROM:<alice@test.example>",
    "RCPT TO:<dave@far.example>", // relaying: sendmail -bs sets RELAYCLIENT
    "DATA",
    "Subject: via smtp",
    "",
    "hello",
    ".",
    "QUIT",
    "",
  ].join("\r\n");
  const r = await sendmail(tree, ["-bs"], session, { USER: "me" });
  assert.equal(r.code, 0, r.stderr);
  const codes = r.stdout.split("\r\n").filter((l) => l).map((l) => l.slice(0, 3));
  assert.deepEqual(codes, ["220", "250", "250", "250", "354", "250", "221"]);
  const [q] = queued(tree.home);
  assert.equal(addresses(q.envelope), "Falice@test.example\0Tdave@far.example\0");
  assert.match(q.message, /^Received: \(qmail \d+ invoked by uid \d+\);/);
  assert.match(q.message, /sendmail-bs@127\.0\.0\.1/);
});

Deno.test("sendmail refuses -q, -bi and unknown options with exit 100", async () => {
  using tree = await makeTree("test.example");
  const q = await sendmail(tree, ["-q30m"], "");
  assert.match(q.stderr, /^sendmail: fatal: -q is not supported/);
  assert.equal(q.code, 100);
  const bi = await sendmail(tree, ["-bi"], "");
  assert.equal(bi.stderr, "sendmail: fatal: please use fastforward/newaliases instead\n");
  assert.equal(bi.code, 100);
  const bad = await sendmail(tree, ["-Z"], MSG);
  assert.equal(
    bad.stderr,
    "sendmail: illegal option -- Z\n" +
      "sendmail: usage: sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]\n",
  );
  assert.equal(bad.code, 100);
  assert.deepEqual(queued(tree.home), []);
});

Deno.test("datemail gives the message a Date line in local time with a numeric zone", async () => {
  using tree = await makeTree("test.example");
  const r = await runQmail("datemail", ["-t"], {
    home: tree.home,
    stdin: MSG,
    env: { USER: "me", TZ: "Asia/Kolkata" },
  });
  assert.equal(r.code, 0, r.stderr);
  const [q] = queued(tree.home);
  assert.equal(addresses(q.envelope), "Fme@test.example\0Tbob@test.example\0");
  const dates = q.message.match(/^Date: .*$/gm);
  assert.equal(dates?.length, 1);
  assert.match(dates![0], /^Date: \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d \+0530$/);
});

Deno.test("mailq lists the queue as sendmail -bp does", async () => {
  using t = await makeTree("test.example");
  await runQmail("sendmail", ["bob@test.example"], { home: t.home, stdin: "Subject: x\n\nhi\n" });
  const mailq = await runQmail("mailq", [], { home: t.home });
  const bp = await runQmail("sendmail", ["-bp"], { home: t.home });
  assert.equal(mailq.code, 0, mailq.stderr);
  assert.match(mailq.stdout, /\ttodo\tbob@test\.example\n/);
  assert.equal(mailq.stdout, bp.stdout);
});
