/**
 * qmail-smtpd run as a user runs it (`qmail qmail-smtpd` through main.ts and
 * the sandbox) on stdin/stdout in a fresh tree, plus interop with real SMTP
 * clients: Python's smtplib over a socketpair, and swaks through a pipe.
 *
 * @module
 */

import assert from "node:assert/strict";
import { DENO_RUN, ensureProgram, makeTree, runQmail, type TempTree, which } from "./helpers.ts";

const SESSION_ENV = {
  TCPREMOTEIP: "192.0.2.7",
  TCPREMOTEHOST: "client.example",
  TCPLOCALHOST: "mx.test.example",
  TCPLOCALIP: "192.0.2.25",
};

/** Every queued message: its envelope (from todo/) and its text (from mess/). */
function queued(home: string): { sender: string; recipients: string[]; text: string }[] {
  const out = [];
  for (const e of Deno.readDirSync(`${home}/queue/todo`)) {
    const id = Number(e.name);
    const env = new TextDecoder().decode(Deno.readFileSync(`${home}/queue/todo/${id}`));
    const fields = env.split("\0").filter((f) => f !== "");
    const text = Deno.readTextFileSync(`${home}/queue/mess/${id % 23}/${id}`);
    out.push({
      sender: fields.find((f) => f.startsWith("F"))!.slice(1),
      recipients: fields.filter((f) => f.startsWith("T")).map((f) => f.slice(1)),
      text,
    });
  }
  return out.sort((a, b) => a.text < b.text ? -1 : 1);
}

function crlf(lines: string[]): string {
  return lines.map((l) => l + "\r\n").join("");
}

async function tree(): Promise<TempTree> {
  return await makeTree("test.example");
}

Deno.test("qmail-smtpd queues every message of a pipelined session sent in one piece", async () => {
  using t = await tree();
  const input = crlf([
    "EHLO helo.example",
    "MAIL FROM:<joe@client.example>",
    "RCPT TO:<bob@test.example>",
    "RCPT TO:<eve@elsewhere.example>",
    "RCPT TO:<ann@[192.0.2.25]>",
    "DATA",
    "Subject: one",
    "",
    "..first",
    ".",
    "MAIL FROM:<>",
    "RCPT TO:<bob@test.example>",
    "DATA",
    "Subject: two",
    "",
    "second",
    ".",
    "QUIT",
  ]);
  const r = await runQmail("qmail-smtpd", [], { home: t.home, stdin: input, env: SESSION_ENV });
  assert.equal(r.code, 0, r.stderr);
  const replies = r.stdout.split("\r\n");
  assert.deepEqual(replies.map((l) => l.replace(/^(250 ok) \d+ qp \d+$/, "$1 T qp P")), [
    "220 test.example ESMTP",
    "250-test.example",
    "250-PIPELINING",
    "250 8BITMIME",
    "250 ok",
    "250 ok",
    "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
    "250 ok",
    "354 go ahead",
    "250 ok T qp P",
    "250 ok",
    "250 ok",
    "354 go ahead",
    "250 ok T qp P",
    "221 test.example",
    "",
  ]);
  const msgs = queued(t.home);
  assert.equal(msgs.length, 2);
  const [one, two] = msgs[0].text.includes("Subject: one") ? msgs : [msgs[1], msgs[0]];
  assert.equal(one.sender, "joe@client.example");
  assert.deepEqual(one.recipients, ["bob@test.example", "ann@test.example"]);
  assert.equal(two.sender, "");
  assert.deepEqual(two.recipients, ["bob@test.example"]);
  const qp = /^250 ok \d+ qp (\d+)$/.exec(replies[9])![1];
  const lines = one.text.split("\n");
  assert.match(lines[0], new RegExp(`^Received: \\(qmail ${qp} invoked from network\\); `));
  assert.equal(lines[1], "Received: from client.example (HELO helo.example) (192.0.2.7)");
  assert.match(lines[2], /^ {2}by mx\.test\.example with SMTP; \d+ \w{3} \d{4} [\d:]{8} -0000$/);
  assert.deepEqual(lines.slice(3), ["Subject: one", "", ".first", ""]);
});

Deno.test("qmail-smtpd answers 421 when it cannot read its controls", async () => {
  using t = await makeTree();
  const r = await runQmail("qmail-smtpd", [], { home: t.home, stdin: "QUIT\r\n" });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "421 unable to read controls (#4.3.0)\r\n");
});

Deno.test("qmail-smtpd relays for RELAYCLIENT and honours DATABYTES from the environment", async () => {
  using t = await tree();
  const txn = (to: string, body: string) =>
    crlf([`MAIL FROM:<a@client.example>`, `RCPT TO:<${to}>`, "DATA", body, "."]);
  const r = await runQmail("qmail-smtpd", [], {
    home: t.home,
    stdin: "EHLO x\r\n" + txn("far@away.example", "12345678") +
      txn("far@away.example", "123456789") +
      "QUIT\r\n",
    env: { ...SESSION_ENV, RELAYCLIENT: "", DATABYTES: "9" },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /250-SIZE 9\r\n/);
  assert.match(r.stdout, /354 go ahead\r\n250 ok \d+ qp \d+\r\n/);
  assert.match(
    r.stdout,
    /354 go ahead\r\n552 sorry, that message size exceeds my databytes limit \(#5\.3\.4\)\r\n/,
  );
  const msgs = queued(t.home);
  assert.equal(msgs.length, 1);
  assert.deepEqual(msgs[0].recipients, ["far@away.example"]);
});

Deno.test("qmail-smtpd drops the connection with 451 on a bare LF and queues nothing", async () => {
  using t = await tree();
  const r = await runQmail("qmail-smtpd", [], {
    home: t.home,
    stdin: "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@test.example>\r\nDATA\r\nbare\nlf\r\n.\r\n",
  });
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /354 go ahead\r\n451 See http:\/\/pobox\.com\/~djb\/docs\/smtplf\.html\.\r\n$/,
  );
  assert.equal(queued(t.home).length, 0);
});

Deno.test("qmail-smtpd hands messages to a QMAILQUEUE program on fds 0 and 1, with its environment", async () => {
  using t = await tree();
  const script = `${t.dir}/fake-qq`;
  await Deno.writeTextFile(
    script,
    `#!/bin/sh\nexec 3<&1\ncat > "${t.dir}/msg"\ncat <&3 > "${t.dir}/env"\n` +
      `echo "$TCPREMOTEIP" > "${t.dir}/ip"\nexit 0\n`,
  );
  await Deno.chmod(script, 0o755);
  const r = await runQmail("qmail-smtpd", [], {
    home: t.home,
    stdin: crlf(["MAIL FROM:<a@b.example>", "RCPT TO:<c@test.example>", "DATA", "hi", ".", "QUIT"]),
    env: { ...SESSION_ENV, QMAILQUEUE: script },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /250 ok \d+ qp \d+\r\n221 /);
  assert.equal(await Deno.readTextFile(`${t.dir}/env`), "Fa@b.example\0Tc@test.example\0\0");
  assert.match(
    await Deno.readTextFile(`${t.dir}/msg`),
    /^Received: from client\.example .*\nhi\n$/s,
  );
  assert.equal(
    await Deno.readTextFile(`${t.dir}/ip`),
    "192.0.2.7\n",
    "the environment is passed on",
  );
  assert.equal(queued(t.home).length, 0);
});

/** Runs a Python script with a connected socket to qmail-smtpd as `sock`. */
const SMTPLIB_DRIVER = `
import os, socket, subprocess, sys, smtplib
ours, theirs = socket.socketpair()
child = subprocess.Popen(sys.argv[1:], stdin=theirs, stdout=theirs)
theirs.close()
s = smtplib.SMTP()
s.sock = ours
code, msg = s.getreply()
assert code == 220, (code, msg)
s.ehlo("python.example")
assert s.has_extn("pipelining") and s.has_extn("8bitmime")
for i in range(3):
    refused = s.sendmail("py@client.example", ["bob@test.example", "x@far.example"],
                         "Subject: smtplib %d\\r\\n\\r\\n.leading dot\\r\\n" % i)
    assert list(refused) == ["x@far.example"], refused
# RFC 2920 pipelining by hand: a whole transaction in one send.
s.send(b"MAIL FROM:<pipe@client.example>\\r\\nRCPT TO:<bob@test.example>\\r\\nDATA\\r\\n")
replies = [s.getreply()[0] for _ in range(3)]
assert replies == [250, 250, 354], replies
s.send(b"Subject: pipelined\\r\\n\\r\\nbody\\r\\n.\\r\\nQUIT\\r\\n")
assert s.getreply()[0] == 250
assert s.getreply()[0] == 221
ours.close()
sys.exit(child.wait())
`;

Deno.test("Python's smtplib sends several messages over one qmail-smtpd session", async () => {
  using t = await tree();
  const python = await which("python3");
  if (!python) {
    console.log("skipped: python3 is not installed");
    return;
  }
  const out = await new Deno.Command(python, {
    args: ["-c", SMTPLIB_DRIVER, Deno.execPath(), ...DENO_RUN, "qmail-smtpd"],
    env: { ...SESSION_ENV, QMAILHOME: t.home },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, err);
  const msgs = queued(t.home);
  assert.equal(msgs.length, 4);
  for (const m of msgs) assert.deepEqual(m.recipients, ["bob@test.example"]);
  assert.deepEqual(msgs.map((m) => m.sender).sort(), [
    "pipe@client.example",
    "py@client.example",
    "py@client.example",
    "py@client.example",
  ]);
  assert.match(msgs[0].text, /\(HELO python\.example\)/);
  assert.ok(msgs.some((m) => m.text.endsWith("Subject: smtplib 0\n\n.leading dot\n")));
});

Deno.test("swaks delivers a pipelined message through qmail-smtpd on a pipe", async () => {
  using t = await tree();
  const swaks = await ensureProgram("swaks");
  if (!swaks) {
    console.log("skipped: swaks is not installed and apt-get install swaks failed");
    return;
  }
  const server = [Deno.execPath(), ...DENO_RUN, "qmail-smtpd"].join(" ");
  const out = await new Deno.Command(swaks, {
    args: [
      "--pipe",
      server,
      "--pipeline",
      "--from",
      "swaks@client.example",
      "--to",
      "joe@test.example,eve@elsewhere.example",
      "--helo",
      "swaks.example",
    ],
    env: { ...SESSION_ENV, QMAILHOME: t.home },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.match(text, /<- {2}250-PIPELINING/);
  assert.match(text, /<\*\* 553 sorry, that domain isn't in my list of allowed rcpthosts/);
  assert.match(text, /<- {2}250 ok \d+ qp \d+/);
  const msgs = queued(t.home);
  assert.equal(msgs.length, 1);
  assert.equal(msgs[0].sender, "swaks@client.example");
  assert.deepEqual(msgs[0].recipients, ["joe@test.example"]);
  assert.match(
    msgs[0].text,
    /\nReceived: from client\.example \(HELO swaks\.example\) \(192\.0\.2\.7\)\n/,
  );
});
