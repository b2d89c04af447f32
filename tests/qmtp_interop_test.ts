/**
 * qmail-qmqpd and qmail-qmtpd behind the built-in tcpserver (in-process),
 * started from the checkout on 127.0.0.1 with a port chosen at run time:
 * Postfix's qmqp-source as a real QMQP client, and a QMTP client in Python
 * that pipelines packages from a chosen source address, with tcprules
 * deciding who may connect and who may relay (FAQ 5.2, 5.4, 5.6).
 *
 * @module
 */

import assert from "node:assert/strict";
import { makeTree, runQmail, which } from "./helpers.ts";
import { queuedMessages, run, smtpSource, startTcpServer } from "./tcpserver_fixture.ts";

/** Compiles `rules` with denoqmail's tcprules into `cdb`. */
async function tcprules(home: string, cdb: string, rules: string): Promise<void> {
  const r = await runQmail("tcprules", [cdb, `${cdb}.tmp`], { home, stdin: rules });
  assert.equal(r.code, 0, r.stderr);
}

Deno.test("tcpserver -x … qmail-qmqpd takes 300 messages from Postfix's qmqp-source over 10 sessions, each once", async () => {
  if (!await smtpSource()) return console.log("skipped: postfix (qmqp-source) cannot be installed");
  const source = await which("qmqp-source");
  if (!source) return console.log("skipped: postfix has no qmqp-source");
  using tree = await makeTree("test.example");
  await tcprules(tree.home, `${tree.dir}/qmqp.cdb`, "127.0.0.1:allow\n:deny\n");
  await using server = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "-x", `${tree.dir}/qmqp.cdb`, "127.0.0.1", "0", "qmail-qmqpd"],
    { home: tree.home },
  );
  const r = await run(source, [
    "-s",
    "10",
    "-m",
    "300",
    "-l",
    "3000",
    "-f",
    "load@client.example",
    "-t",
    "far@away.example",
    `127.0.0.1:${server.port}`,
  ]); // deno-fmt-ignore
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const msgs = queuedMessages(tree.home);
  assert.equal(msgs.length, 300);
  for (const m of msgs) {
    assert.equal(m.sender, "load@client.example");
    assert.deepEqual(m.recipients, ["far@away.example"]);
    assert.match(
      m.text,
      /\nReceived: from unknown \(127\.0\.0\.1\)\n {2}by mx\.test\.example with QMQP; /,
    );
  }
});

/** A QMTP client: sends PACKAGES (JSON [message, sender, [recipients]]) at once from a source address. */
const QMTP_CLIENT = `
import json, socket, sys
port, source, packages = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
def ns(b): return str(len(b)).encode() + b":" + b + b","
c = socket.socket()
c.bind((source, 0))
c.connect(("127.0.0.1", port))
c.settimeout(20)
c.sendall(b"".join(ns(m.encode()) + ns(s.encode()) + ns(b"".join(ns(r.encode()) for r in rs)) for m, s, rs in packages))
want = sum(len(rs) for _, _, rs in packages)
got, buf = [], b""
while len(got) < want:
    d = c.recv(4096)
    if not d: break
    buf += d
    while b":" in buf:
        n, rest = buf.split(b":", 1)
        if len(rest) < int(n) + 1: break
        got.append(rest[:int(n)].decode())
        buf = rest[int(n) + 1:]
print(json.dumps(got))
`;

Deno.test("tcpserver … qmail-qmtpd answers pipelined packages in order, with relaying only for the rules' RELAYCLIENT", async () => {
  if (!await which("python3")) return console.log("skipped: no python3");
  using tree = await makeTree("test.example");
  Deno.writeTextFileSync(`${tree.home}/control/rcpthosts`, "test.example\n");
  await tcprules(
    tree.home,
    `${tree.dir}/qmtp.cdb`,
    '127.0.0.2:allow,RELAYCLIENT=""\n127.0.0.1:allow\n:deny\n',
  );
  await using server = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "-x", `${tree.dir}/qmtp.cdb`, "127.0.0.1", "0", "qmail-qmtpd"],
    { home: tree.home },
  );
  const client = async (source: string, packages: [string, string, string[]][]) => {
    const r = await run("python3", [
      "-c",
      QMTP_CLIENT,
      String(server.port),
      source,
      JSON.stringify(packages),
    ]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
  };
  const plain = await client("127.0.0.1", [
    ["\nSubject: 1\n\n", "a@client.example", ["bob@test.example", "joe@far.example"]],
    ["\rSubject: 2\r\n\r\nx\r\n", "a@client.example", ["carol@test.example"]],
    ["\nSubject: 3\n\n", "", ["bob@test.example"]],
  ]);
  assert.equal(plain.length, 4);
  assert.match(plain[0], /^Kok \d+ qp \d+$/);
  assert.equal(plain[1], "Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");
  assert.match(plain[2], /^Kok /);
  assert.match(plain[3], /^Kok /);
  assert.equal(new Set([plain[0], plain[2], plain[3]]).size, 3);

  const relay = await client("127.0.0.2", [["\nSubject: 4\n\n", "a@client.example", [
    "joe@far.example",
  ]]]);
  assert.match(relay[0], /^Kok /);
  assert.deepEqual(
    await client("127.0.0.3", [["\nSubject: 5\n\n", "x@y.example", ["bob@test.example"]]]),
    [],
  );

  const msgs = queuedMessages(tree.home);
  assert.deepEqual(msgs.map((m) => m.text.match(/Subject: (\d)/)![1]).sort(), ["1", "2", "3", "4"]);
  const bySubject = (n: string) => msgs.find((m) => m.text.includes(`Subject: ${n}`))!;
  assert.deepEqual(bySubject("1").recipients, ["bob@test.example"]);
  assert.match(bySubject("2").text, /\nSubject: 2\n\nx\n$/);
  assert.deepEqual(bySubject("4").recipients, ["joe@far.example"]);
});
