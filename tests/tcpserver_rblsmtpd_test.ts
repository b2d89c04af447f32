/**
 * rblsmtpd: as a wrapper in tcpserver's command line, run in-process, with
 * dnsmasq (on a loopback port) as the DNS of its RBL and tcprules setting
 * $RBLSMTPD per client; and its limited SMTP conversation byte for byte
 * against ucspi-tcp's own rblsmtpd (Debian package ucspi-tcp).
 *
 * @module
 */

import assert from "node:assert/strict";
import { ensureProgram, makeTree, runQmail, which } from "./helpers.ts";
import { startDnsmasq } from "./remote_helpers.ts";
import { queuedMessages, run, startTcpServer } from "./tcpserver_fixture.ts";

/** Python: one command at a time from a given source address; prints every reply line. */
const CLIENT = `
import socket, sys
port, source = int(sys.argv[1]), sys.argv[2]
c = socket.create_connection(("127.0.0.1", port), source_address=(source, 0))
f = c.makefile("rb")
def reply():
    lines = [f.readline()]
    while lines[-1][3:4] == b"-": lines.append(f.readline())
    return lines[-1].decode().strip()
out = [reply()]
for cmd in ["EHLO client.example", "MAIL FROM:<a@client.example>", "RCPT TO:<bob@test.example>",
            "DATA"]:
    c.sendall(cmd.encode() + b"\\r\\n")
    out.append(reply())
    if out[-1].startswith("354"):
        c.sendall(b"Subject: rbl test\\r\\n\\r\\nhi\\r\\n.\\r\\n")
        out.append(reply())
c.sendall(b"QUIT\\r\\n")
out.append(reply())
print("|".join(out))
`;

Deno.test("tcpserver … rblsmtpd -r … qmail-smtpd: listed clients get rblsmtpd's dialogue, others qmail-smtpd", async (t) => {
  const python = await which("python3");
  if (!python) return console.log("skipped: python3 is not installed");
  using tree = await makeTree("test.example");
  await using dns = await startDnsmasq([
    "--local=/bl.test/",
    "--txt-record=1.0.0.127.bl.test,listed: see http://bl.test/",
  ], tree.dir);
  if (!dns) return console.log("skipped: dnsmasq cannot be installed or started");
  const rules = await runQmail("tcprules", [`${tree.dir}/r.cdb`, `${tree.dir}/r.tmp`], {
    home: tree.home,
    stdin: '127.0.0.2:allow,RBLSMTPD=""\n127.0.0.3:allow,RBLSMTPD="-permanently blocked"\n:allow\n',
  });
  assert.equal(rules.code, 0, rules.stderr);
  await using server = await startTcpServer(
    [
      "-v",
      "-HR",
      "-l0",
      "-x",
      `${tree.dir}/r.cdb`,
      "127.0.0.1",
      "0",
      "rblsmtpd",
      "-r",
      "bl.test",
      "qmail-smtpd",
    ],
    { home: tree.home, env: { DNSCACHEIP: `127.0.0.1:${dns.port}` } },
  );
  const talk = async (source: string) => {
    const r = await run(python, ["-c", CLIENT, String(server.port), source]);
    assert.equal(r.code, 0, r.stderr + server.log());
    return r.stdout.trim().split("|");
  };

  await t.step(
    "a client listed in the RBL gets 451 with the TXT text to every RCPT and DATA",
    async () => {
      assert.deepEqual(await talk("127.0.0.1"), [
        "220 rblsmtpd.local",
        "250 rblsmtpd.local",
        "250 rblsmtpd.local",
        "451 listed: see http://bl.test/",
        "451 listed: see http://bl.test/",
        "221 rblsmtpd.local",
      ]);
    },
  );

  await t.step(
    "$RBLSMTPD empty (from tcprules) skips the lookup: qmail-smtpd takes the mail",
    async () => {
      const replies = await talk("127.0.0.2");
      assert.equal(replies[0], "220 test.example ESMTP");
      assert.match(replies[5], /^250 ok \d+ qp \d+$/);
      assert.equal(queuedMessages(tree.home).length, 1);
    },
  );

  await t.step("$RBLSMTPD starting with a hyphen blocks with 553", async () => {
    const replies = await talk("127.0.0.3");
    assert.equal(replies[3], "553 permanently blocked");
  });

  const { log } = await server.stop();
  assert.match(log, /^rblsmtpd: 127\.0\.0\.1 pid \d+: 451 listed: see http:\/\/bl\.test\/$/m);
  assert.match(log, /^rblsmtpd: 127\.0\.0\.3 pid \d+: 553 permanently blocked$/m);
});

Deno.test("rblsmtpd's dialogue is byte for byte ucspi-tcp's", async () => {
  const theirs = await ensureProgram("rblsmtpd", "ucspi-tcp");
  if (!theirs) return console.log("skipped: ucspi-tcp cannot be installed");
  using tree = await makeTree();
  const input = "HELO x\r\nehlo y\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nVRFY x\r\n" +
    "bogus\r\nRSET\r\nNOOP\nQUIT\r\nNOOP\r\n";
  for (const rbl of ["go away \u00e9\tnow", "-no more", "x".repeat(250)]) {
    for (const args of [[], ["-t", "0"]]) {
      const env = { TCPREMOTEIP: "192.0.2.9", RBLSMTPD: rbl };
      const child = new Deno.Command(theirs, {
        args: [...args, "true"],
        env,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const w = child.stdin.getWriter();
      // ucspi-tcp's rblsmtpd may be gone before it reads everything (-t 0).
      await w.write(new TextEncoder().encode(input)).catch(() => {});
      await w.close().catch(() => {});
      const t = await child.output();
      const ours = await runQmail("rblsmtpd", [...args, "true"], {
        home: tree.home,
        stdin: input,
        env,
      });
      assert.equal(ours.code, t.code);
      assert.equal(
        ours.stdout,
        new TextDecoder().decode(t.stdout),
        `${JSON.stringify(rbl)} ${args}`,
      );
      const pidless = (s: string) => s.replace(/ pid \d+:/, " pid N:");
      assert.equal(pidless(ours.stderr), pidless(new TextDecoder().decode(t.stderr)));
    }
  }
});
