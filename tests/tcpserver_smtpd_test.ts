/**
 * The Done-when of receiving mail: `tcpserver … qmail-smtpd` started from the
 * checkout on 127.0.0.1 (port chosen at run time), with tcprules access
 * control, driven by real clients — swaks and Python's smtplib.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ensureProgram, makeTree, runQmail, which } from "./helpers.ts";
import { queuedMessages, run, startTcpServer } from "./tcpserver_fixture.ts";

const DATABYTES = 2000;

/** Python: several messages over one connection, pipelined as RFC 2920 allows. */
const PIPELINING = `
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
s.ehlo("python.example")
assert s.has_extn("pipelining"), "no PIPELINING"
def group(i):
    return (b"MAIL FROM:<py@client.example>\\r\\n"
            b"RCPT TO:<bob@test.example>\\r\\nRCPT TO:<ann@test.example>\\r\\nDATA\\r\\n")
def body(i):
    return b"Subject: pipelined %d\\r\\n\\r\\n..dot %d\\r\\n.\\r\\n" % (i, i)
codes = []
s.sock.sendall(group(0))
for _ in range(4): codes.append(s.getreply()[0])
for i in range(3):
    nxt = group(i + 1) if i < 2 else b"QUIT\\r\\n"
    s.sock.sendall(body(i) + nxt)
    for _ in range(5 if i < 2 else 2): codes.append(s.getreply()[0])
print(" ".join(str(c) for c in codes))
`;

/** Python: a message of `n` bytes as queued (LF line ends) — accepted or refused. */
const SIZED = `
import smtplib, sys
n = int(sys.argv[2])
head = "Subject: size\\n\\n"
text = head + "a" * (n - len(head) - 1) + "\\n"
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
s.ehlo()
s.esmtp_features.pop("size", None)  # so the size is checked after DATA, not at MAIL
try:
    s.sendmail("py@client.example", ["bob@test.example"], text)
    print("250")
except smtplib.SMTPDataError as e:
    print(e.smtp_code, e.smtp_error.decode())
s.quit()
`;

/** Python: DATA with a bare LF. */
const BARE_LF = `
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
f = c.makefile("rb")
def reply():
    line = f.readline()
    while line[3:4] == b"-": line = f.readline()
    return line.decode().strip()
out = [reply()]
c.sendall(b"HELO x\\r\\nMAIL FROM:<a@client.example>\\r\\nRCPT TO:<bob@test.example>\\r\\nDATA\\r\\n")
out += [reply() for _ in range(4)]
c.sendall(b"Subject: lf\\r\\n\\r\\nbare\\nline\\r\\n.\\r\\n")
out.append(reply())
print("|".join(out))
`;

async function python(script: string, ...args: string[]) {
  return await run("python3", ["-c", script, ...args]);
}

Deno.test("tcpserver runs qmail-smtpd in-process for swaks and smtplib, with relay control from tcprules", async (t) => {
  const swaks = await ensureProgram("swaks");
  const py = await which("python3");
  using tree = await makeTree("test.example");
  const home = tree.home;
  Deno.writeTextFileSync(`${home}/control/databytes`, `${DATABYTES}\n`);
  const rules = await runQmail("tcprules", [`${tree.dir}/smtp.cdb`, `${tree.dir}/smtp.tmp`], {
    home,
    stdin: '127.0.0.2:allow,RELAYCLIENT=""\n127.:allow\n:deny\n',
  });
  assert.equal(rules.code, 0, rules.stderr);
  await using server = await startTcpServer(
    [
      "-v",
      "-HR",
      "-l",
      "mx.test.example",
      "-x",
      `${tree.dir}/smtp.cdb`,
      "127.0.0.1",
      "0",
      "qmail-smtpd",
    ],
    { home },
  );
  const at = `127.0.0.1:${server.port}`;

  await t.step("swaks delivers a message to a local domain", async () => {
    if (!swaks) return console.log("skipped: swaks cannot be installed");
    const r = await run(swaks, [
      "--server",
      at,
      "--from",
      "joe@client.example",
      "--to",
      "bob@test.example",
      "--helo",
      "swaks.example",
      "--pipeline",
      "--header",
      "Subject: via tcpserver",
    ]); // deno-fmt-ignore
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const msgs = queuedMessages(home).filter((m) => m.text.includes("Subject: via tcpserver"));
    assert.equal(msgs.length, 1);
    assert.equal(msgs[0].sender, "joe@client.example");
    assert.deepEqual(msgs[0].recipients, ["bob@test.example"]);
    // The Received field names the connection as tcpserver described it (-H: no host name).
    assert.match(
      msgs[0].text,
      /^Received: from unknown \(HELO swaks\.example\) \(127\.0\.0\.1\)\n {2}by mx\.test\.example with SMTP;/m,
    );
  });

  await t.step("a relay attempt to a foreign domain gets 553", async () => {
    if (!swaks) return console.log("skipped: swaks cannot be installed");
    const r = await run(swaks, [
      "--server",
      at,
      "--from",
      "joe@client.example",
      "--to",
      "eve@elsewhere.example",
    ]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stdout,
      /<\*\* 553 sorry, that domain isn't in my list of allowed rcpthosts \(#5\.7\.1\)/,
    );
  });

  await t.step("the same from an address the rules give RELAYCLIENT is accepted", async () => {
    if (!swaks) return console.log("skipped: swaks cannot be installed");
    const r = await run(swaks, [
      "--server",
      at,
      "--local-interface",
      "127.0.0.2",
      "--from",
      "joe@client.example",
      "--to",
      "eve@elsewhere.example",
      "--header",
      "Subject: relayed",
    ]); // deno-fmt-ignore
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const msgs = queuedMessages(home).filter((m) => m.text.includes("Subject: relayed"));
    assert.deepEqual(msgs.map((m) => m.recipients), [["eve@elsewhere.example"]]);
  });

  await t.step("smtplib sends several messages over one connection with pipelining", async () => {
    if (!py) return console.log("skipped: python3 is not installed");
    const r = await python(PIPELINING, String(server.port));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout.trim(),
      "250 250 250 354 250 250 250 250 354 250 250 250 250 354 250 221",
    );
    // Inode numbers, and so the queue's order, need not follow arrival.
    const number = (m: { text: string }) => Number(/Subject: pipelined (\d+)/.exec(m.text)![1]);
    const msgs = queuedMessages(home).filter((m) => m.text.includes("Subject: pipelined"))
      .sort((a, b) => number(a) - number(b));
    assert.equal(msgs.length, 3);
    for (const [i, m] of msgs.entries()) {
      assert.deepEqual(m.recipients, ["bob@test.example", "ann@test.example"]);
      assert.ok(m.text.endsWith(`Subject: pipelined ${i}\n\n.dot ${i}\n`), m.text);
    }
  });

  await t.step("a message of databytes is accepted, databytes+1 gets 552", async () => {
    if (!py) return console.log("skipped: python3 is not installed");
    const ok = await python(SIZED, String(server.port), String(DATABYTES));
    assert.equal(ok.stdout.trim(), "250", ok.stderr);
    const big = await python(SIZED, String(server.port), String(DATABYTES + 1));
    assert.equal(
      big.stdout.trim(),
      "552 sorry, that message size exceeds my databytes limit (#5.3.4)",
      big.stderr,
    );
  });

  await t.step("a DATA with a bare LF gets 451", async () => {
    if (!py) return console.log("skipped: python3 is not installed");
    const r = await python(BARE_LF, String(server.port));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout.trim().split("|").slice(-1)[0],
      "451 See http://pobox.com/~djb/docs/smtplf.html.",
    );
  });

  const { code, log } = await server.stop();
  assert.equal(code, 0, log);
  await t.step("tcpserver logged each connection with -v", () => {
    assert.match(log, /^tcpserver: status: 0\/40$/m);
    assert.match(log, /^tcpserver: pid 1 from 127\.0\.0\.1$/m);
    assert.match(log, /^tcpserver: ok 1 mx\.test\.example:127\.0\.0\.1:\d+ :127\.0\.0\.1::\d+$/m);
    assert.match(log, /^tcpserver: ok \d+ mx\.test\.example:127\.0\.0\.1:\d+ :127\.0\.0\.2::\d+$/m);
    assert.match(log, /^tcpserver: end 1 status 0$/m);
    assert.doesNotMatch(log, /fatal|warning/);
  });
});

Deno.test("tcpserver's in-process qmail-smtpd honours a QMAILQUEUE that a tcprules rule sets", async () => {
  const swaks = await ensureProgram("swaks");
  if (!swaks) return console.log("skipped: swaks cannot be installed");
  using tree = await makeTree("test.example");
  const home = tree.home;
  const script = `${tree.dir}/fake-qq`;
  Deno.writeTextFileSync(
    script,
    `#!/bin/sh\nexec 3<&1\ncat > "${tree.dir}/msg"\ncat <&3 > "${tree.dir}/env"\n` +
      `echo "$TCPREMOTEIP" > "${tree.dir}/ip"\nexit 0\n`,
  );
  Deno.chmodSync(script, 0o755);
  const rules = await runQmail("tcprules", [`${tree.dir}/smtp.cdb`, `${tree.dir}/smtp.tmp`], {
    home,
    stdin: `127.0.0.3:allow,QMAILQUEUE="${script}"\n127.:allow\n:deny\n`,
  });
  assert.equal(rules.code, 0, rules.stderr);
  await using server = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "-x", `${tree.dir}/smtp.cdb`, "127.0.0.1", "0", "qmail-smtpd"],
    { home },
  );
  const send = (from: string, subject: string) =>
    run(swaks, [
      "--server",
      `127.0.0.1:${server.port}`,
      "--local-interface",
      from,
      "--from",
      "joe@client.example",
      "--to",
      "bob@test.example",
      "--header",
      `Subject: ${subject}`,
    ]); // deno-fmt-ignore

  const viaRule = await send("127.0.0.3", "to the replacement");
  assert.equal(viaRule.code, 0, viaRule.stdout + viaRule.stderr);
  assert.equal(
    Deno.readTextFileSync(`${tree.dir}/env`),
    "Fjoe@client.example\0Tbob@test.example\0\0",
  );
  assert.match(Deno.readTextFileSync(`${tree.dir}/msg`), /Subject: to the replacement/);
  assert.equal(Deno.readTextFileSync(`${tree.dir}/ip`), "127.0.0.3\n", "the session's environment");
  assert.equal(queuedMessages(home).length, 0);

  const plain = await send("127.0.0.1", "to the queue");
  assert.equal(plain.code, 0, plain.stdout + plain.stderr);
  assert.deepEqual(
    queuedMessages(home).map((m) => /Subject: (.*)/.exec(m.text)![1]),
    ["to the queue"],
  );
});
