/**
 * tcp-env as inetd runs it: a TCP connection on descriptors 0 and 1 (set up
 * here by Python, connecting from 127.0.0.2), dnsmasq on a loopback port
 * answering the PTR lookups, and `env` or qmail-smtpd as the program.
 *
 * @module
 */

import assert from "node:assert/strict";
import { tcpEnvironment, tcpEnvProgram } from "../lib/net/tcp_env.ts";
import { DENO_RUN, makeTree, runQmail, type TempTree, which } from "./helpers.ts";
import { startDnsmasq } from "./remote_helpers.ts";
import { run } from "./tcpserver_fixture.ts";

Deno.test("tcp-env's options: -r, -R and -t (with or without a space) before the program", () => {
  assert.deepEqual(tcpEnvProgram(["qmail-smtpd"]), ["qmail-smtpd"]);
  assert.deepEqual(tcpEnvProgram(["-rR", "-t", "5", "env", "-i"]), ["env", "-i"]);
  assert.deepEqual(tcpEnvProgram(["-t30", "--", "-odd"]), ["-odd"]);
  assert.equal(tcpEnvProgram([]), undefined);
  assert.equal(tcpEnvProgram(["-R"]), undefined);
  assert.equal(tcpEnvProgram(["-x", "env"]), undefined);
  assert.equal(tcpEnvProgram(["-t"]), undefined);
});

Deno.test("tcp-env leaves an environment alone when PROTO is already TCP", async () => {
  const env = { PROTO: "TCP", TCPREMOTEIP: "192.0.2.1", TCPREMOTEINFO: "joe" };
  const got = await tcpEnvironment(
    env,
    () => Promise.reject(new Error("must not look")),
    {
      name: () => Promise.reject(new Error("must not look")),
      addresses: () => Promise.resolve([]),
    },
  );
  assert.deepEqual(got, env);
});

/**
 * Python: a connection from 127.0.0.2 to a listener on 127.0.0.1, whose
 * accepted end becomes tcp-env's stdin and stdout; sends argv[2] (if any)
 * and prints what comes back, then the ports.
 */
const INETD = `
import json, os, socket, subprocess, sys
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
c = socket.socket(); c.bind(("127.0.0.2", 0)); c.connect(srv.getsockname())
s, _ = srv.accept()
p = subprocess.Popen(json.loads(sys.argv[1]), stdin=s, stdout=s)
s.close()
c.settimeout(60)
if sys.argv[2]: c.sendall(sys.argv[2].encode())
out = b""
while True:
    d = c.recv(65536)
    if not d: break
    out += d
print(json.dumps({"code": p.wait(), "out": out.decode("latin1"),
  "local": srv.getsockname()[1], "remote": c.getsockname()[1]}))
`;

/** Runs `qmail tcp-env ARGS` as inetd would; returns its exit code, output and the ports. */
async function inetd(
  t: TempTree,
  dnsPort: number,
  args: string[],
  send = "",
): Promise<{ code: number; out: string; local: number; remote: number }> {
  const argv = [
    "env",
    `QMAILHOME=${t.home}`,
    `DNSCACHEIP=127.0.0.1:${dnsPort}`,
    "TCPREMOTEINFO=stale",
    Deno.execPath(),
    ...DENO_RUN,
    "tcp-env",
    ...args,
  ];
  const r = await run("python3", ["-c", INETD, JSON.stringify(argv), send]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

Deno.test("tcp-env under an inetd-style spawn: addresses, ports and DNS names, then qmail-smtpd's Received line", async () => {
  if (!await which("python3")) return console.log("skipped: no python3");
  using t = await makeTree("test.example");
  await using dns = await startDnsmasq([
    "--ptr-record=2.0.0.127.in-addr.arpa,Client.Example",
    "--ptr-record=1.0.0.127.in-addr.arpa,mx.test.example",
  ], t.dir);
  if (!dns) return console.log("skipped: dnsmasq cannot be installed");

  const e = await inetd(t, dns.port, ["-R", "env"]);
  assert.equal(e.code, 0);
  const vars = Object.fromEntries(
    e.out.split("\n").filter((l) => /^(PROTO|TCP)/.test(l)).map((l) => l.split(/=(.*)/s, 2)),
  );
  assert.deepEqual(vars, {
    PROTO: "TCP",
    TCPLOCALIP: "127.0.0.1",
    TCPLOCALPORT: String(e.local),
    TCPLOCALHOST: "mx.test.example",
    TCPREMOTEIP: "127.0.0.2",
    TCPREMOTEPORT: String(e.remote),
    TCPREMOTEHOST: "client.example",
  });

  const smtp = await inetd(
    t,
    dns.port,
    ["qmail-smtpd"],
    "HELO x\r\nMAIL FROM:<a@client.example>\r\nRCPT TO:<bob@test.example>\r\nDATA\r\nSubject: inetd\r\n\r\nhi\r\n.\r\nQUIT\r\n",
  );
  assert.equal(smtp.code, 0);
  assert.match(smtp.out, /\r\n250 ok \d+ qp \d+\r\n221 /);
  const todo = [...Deno.readDirSync(`${t.home}/queue/todo`)][0].name;
  const mess = Deno.readTextFileSync(`${t.home}/queue/mess/${Number(todo) % 23}/${todo}`);
  assert.match(
    mess,
    /\nReceived: from client\.example \(HELO x\) \(127\.0\.0\.2\)\n {2}by mx\.test\.example with SMTP; /,
  );
});

Deno.test("tcp-env exits 111 when its input is not a TCP connection, and 100 without a program", async () => {
  using t = await makeTree("test.example");
  const r = await runQmail("tcp-env", ["-R", "env"], { home: t.home, stdin: "" });
  assert.equal(r.code, 111);
  assert.match(r.stderr, /^tcp-env: fatal: descriptor 0 is not a socket\n$/);
  const u = await runQmail("tcp-env", ["-R"], { home: t.home });
  assert.equal(u.code, 100);
  assert.match(u.stderr, /^tcp-env: usage: /);
});
