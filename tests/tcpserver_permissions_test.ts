/**
 * What qmail-smtpd may do when tcpserver runs it (issue 4, part 5): the
 * sandbox holds exactly the listening address, control/ to read, and the
 * queue's injection path to write — no program to run, no other network, no
 * other file. And as root, `-u`/`-g` really give up root after binding: the
 * message then goes through the maildrop as qmaild.
 *
 * @module
 */

import assert from "node:assert/strict";
import { sandboxPermissions } from "../lib/sandbox/dispatch.ts";
import type { GrantContext } from "../lib/sandbox/grants.ts";
import { readGroups, readPasswd } from "../lib/ids/accounts.ts";
import { listDir, makeTree, runQmail, which } from "./helpers.ts";
import { run, startTcpServer } from "./tcpserver_fixture.ts";

function context(home: string, args: string[]): GrantContext {
  return { home, args, cwd: "/tmp", env: () => undefined };
}

/** Runs tests/sandbox_probe.ts under `permissions`; returns what was refused. */
async function probe(permissions: Record<string, unknown>, home: string): Promise<Set<string>> {
  const w = new Worker(new URL("./sandbox_probe.ts", import.meta.url), {
    type: "module",
    // @ts-ignore: Deno's worker options
    deno: { permissions },
  });
  const result = await new Promise<{ denied: string[] }>((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ home });
  });
  w.terminate();
  return new Set(result.denied);
}

const SERVE = ["-HR", "-l", "0", "-x", "/tmp/tcp.smtp.cdb", "127.0.0.1", "2525", "qmail-smtpd"];

Deno.test("tcpserver … qmail-smtpd: listen address, control/ and the injection path, nothing else", () => {
  const p = sandboxPermissions("tcpserver", context("/var/qmail", SERVE));
  assert.deepEqual(p.net, ["127.0.0.1:2525"]);
  assert.equal(p.run, false, "no program to run");
  assert.deepEqual(p.write, ["/var/qmail/queue", "/var/qmail/maildrop"]);
  assert.deepEqual(p.read, [
    "/tmp/tcp.smtp.cdb",
    "/var/qmail/control",
    "/var/qmail/queue",
    "/var/qmail",
    "/etc/passwd",
    "/etc/group",
  ]);
  assert.equal(p.ffi, false);
  assert.notEqual(p.env, true);
  assert.notEqual(p.sys, true);
});

Deno.test("tcpserver … qmail-smtpd runs in a sandbox that refuses programs, other ports, hosts and files", async () => {
  using t = await makeTree("test.example");
  const got = await probe(sandboxPermissions("tcpserver", context(t.home, SERVE)), t.home);
  for (
    const d of [
      "run /bin/true",
      "connect to 127.0.0.1:9",
      "listen on 127.0.0.1",
      "write /tmp",
      "read /etc/hostname",
      "read env PATH",
    ]
  ) {
    assert.ok(got.has(d), `tcpserver … qmail-smtpd was allowed to ${d}`);
  }
});

Deno.test("tcpserver spawning a program may run that program only", () => {
  const p = sandboxPermissions(
    "tcpserver",
    context("/var/qmail", ["-HRl0", "127.0.0.1", "7000", "/usr/bin/cat"]),
  );
  assert.deepEqual(p.run, ["/usr/bin/cat"]);
  assert.equal(p.write, false);
});

const isRoot = Deno.uid() === 0;

Deno.test({
  name:
    "tcpserver -u qmaild -g nofiles binds as root, then serves as qmaild: mail goes via the maildrop",
  ignore: !isRoot,
  async fn() {
    const python = await which("python3");
    if (!python) return console.log("skipped: python3 is not installed");
    const prefix = `qmt${crypto.randomUUID().slice(0, 4)}`;
    const dir = await Deno.makeTempDir({ prefix: "qmt-" });
    Deno.chmodSync(dir, 0o755);
    const home = `${dir}/qmail`;
    try {
      assert.equal((await runQmail("install", ["--user-prefix", prefix], { home })).code, 0);
      await runQmail("config-fast", ["test.example"], { home });
      const qmaild = readPasswd().find((p) => p.name === `${prefix}qmaild`)!;
      const nofiles = readGroups().get(`${prefix}nofiles`)!;
      await using server = await startTcpServer(
        [
          "-v",
          "-HR",
          "-l0",
          "-u",
          String(qmaild.uid),
          "-g",
          String(nofiles),
          "127.0.0.1",
          "0",
          "qmail-smtpd",
        ],
        { home, env: { TCPSERVER_LOOPS: "2" } },
      );
      // Every thread: each of tcpserver's event loops is one (lib/net/loops.ts).
      for (const task of Deno.readDirSync(`/proc/${server.pid}/task`)) {
        const status = Deno.readTextFileSync(`/proc/${server.pid}/task/${task.name}/status`);
        assert.match(status, new RegExp(`^Uid:\\s+${qmaild.uid}\\s+${qmaild.uid}\\s`, "m"));
        assert.match(status, new RegExp(`^Gid:\\s+${nofiles}\\s+${nofiles}\\s`, "m"));
      }
      const sent = await run(python, [
        "-c",
        "import smtplib,sys; s=smtplib.SMTP('127.0.0.1', int(sys.argv[1])); " +
        "s.sendmail('a@client.example', ['bob@test.example'], 'Subject: as qmaild\\n\\nhi\\n'); s.quit()",
        String(server.port),
      ]);
      assert.equal(sent.code, 0, sent.stderr + server.log());
      const drops = listDir(`${home}/maildrop`).filter((n) => n.startsWith("m."));
      assert.equal(drops.length, 1, "the message waits in the maildrop");
      assert.equal(Deno.statSync(`${home}/maildrop/${drops[0]}`).uid, qmaild.uid);
      assert.deepEqual(listDir(`${home}/queue/todo`), []);
      const { code, log } = await server.stop();
      assert.equal(code, 0, log);
      assert.doesNotMatch(log, /warning|fatal/);
    } finally {
      for (const r of ["alias", "qmaild", "qmaill", "qmailp", "qmailq", "qmailr", "qmails"]) {
        await run("userdel", [prefix + r]).catch(() => {});
      }
      for (const g of ["qmail", "nofiles"]) await run("groupdel", [prefix + g]).catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
});
