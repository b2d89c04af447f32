import assert from "node:assert/strict";
import { ensureProgram, freePort, makeTree, runQmail, type TempTree } from "./helpers.ts";
import { Cdb } from "../lib/cdb/mod.ts";
import { lookupRules } from "../lib/tcprules/lookup.ts";
import { readPidFile } from "../lib/ctl/pidfile.ts";
import { planVerb, VERBS } from "../lib/ctl/plan.ts";
import { serviceCommand } from "../lib/ctl/services.ts";
import { statusLine, systemctlArgs } from "../lib/ctl/systemd_backend.ts";

// Each verb is run against real processes started by `qmailctl start` in a
// throwaway single-user tree: qmail-start and the built-in tcpserver.

function read(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}

/** Waits (at most 90 s: the suite runs in parallel on 2 cores) until `f` holds. */
async function until(what: string, f: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 900; i++) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

interface Ctl extends TempTree {
  env: Record<string, string>;
  port: number;
  ctl(verb: string): Promise<{ code: number; stdout: string; stderr: string }>;
  log(service: string): string;
}

async function tree(): Promise<Ctl> {
  await ensureProgram("ps", "procps");
  const t = await makeTree("localhost");
  Deno.writeTextFileSync(`${t.home}/control/defaultdelivery`, "./Maildir/\n");
  Deno.writeTextFileSync(`${t.home}/control/tcp.smtp`, '127.:allow,RELAYCLIENT=""\n');
  const cdb = await runQmail("qmailctl", ["cdb"], { home: t.home });
  if (cdb.code !== 0) throw new Error(cdb.stderr);
  const port = freePort();
  const env = { QMAILCTL_MODE: "process", QMAILCTL_SMTPD: `127.0.0.1 ${port}` };
  return {
    ...t,
    env,
    port,
    ctl: (verb) => runQmail("qmailctl", [verb], { home: t.home, env }),
    log: (s) => read(`${t.home}/log/${s}.log`),
    [Symbol.dispose]() {
      // Whatever a failed test left running: its pid files name it.
      for (const s of ["qmail-send", "qmail-smtpd"]) {
        const p = readPidFile(t.home, s);
        if (p) {
          try {
            Deno.kill(p.pid, "SIGKILL");
          } catch { /* gone */ }
        }
      }
      t[Symbol.dispose]();
    },
  };
}

async function startAll(t: Ctl): Promise<void> {
  const r = await t.ctl("start");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "Starting qmail\n");
  // qmail-send logs its status line once it runs; the listener its start-up.
  await until("qmail-send to start", () => t.log("qmail-send").includes("status:"));
  await until("the listener to start", () => t.log("qmail-smtpd").length > 0);
}

Deno.test("qmailctl help lists every verb; an unknown verb prints the usage, exit 1", async () => {
  const help = await runQmail("qmailctl", ["help"], { home: "/nonexistent" });
  assert.equal(help.code, 0);
  for (const v of VERBS.filter((v) => v !== "help")) {
    assert.match(help.stdout, new RegExp(`^ *${v} -- `, "m"), v);
  }
  const bad = await runQmail("qmailctl", ["bogus"], { home: "/nonexistent" });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Usage: qmailctl \{start\|stop\|restart\|doqueue\|/);
  assert.equal((await runQmail("qmailctl", [], { home: "/nonexistent" })).code, 1);
});

Deno.test("qmailctl start refuses an SMTP listener without control/rcpthosts", async () => {
  using t = await tree();
  Deno.removeSync(`${t.home}/control/rcpthosts`);
  const r = await t.ctl("start");
  assert.equal(r.code, 111);
  assert.match(r.stderr, /No .*\/control\/rcpthosts!\n.*Refusing to start SMTP listener/);
  await until("qmail-send to start", () => t.log("qmail-send").includes("status:"));
  const stat = await t.ctl("stat");
  assert.match(stat.stdout, /^qmail-send: up \(pid \d+\) \d+ seconds\nqmail-smtpd: down\n/);
  assert.equal((await t.ctl("stop")).code, 0);
  assert.match(t.log("qmail-send"), /status: exiting/);
});

Deno.test("qmailctl start, stat, pause, cont, restart and stop act on the running processes", async () => {
  using t = await tree();
  await startAll(t);
  const stat = await t.ctl("stat");
  assert.equal(stat.code, 0, stat.stderr);
  assert.match(
    stat.stdout,
    /^qmail-send: up \(pid \d+\) \d+ seconds\nqmail-smtpd: up \(pid \d+\) \d+ seconds\nmessages in queue: 0\nmessages in queue but not yet preprocessed: 0\n$/,
  );
  {
    const c = await Deno.connect({ hostname: "127.0.0.1", port: t.port });
    const buf = new Uint8Array(512);
    const n = await c.read(buf);
    c.close();
    assert.match(new TextDecoder().decode(buf.subarray(0, n ?? 0)), /^220 localhost ESMTP/);
  }
  const paused = await t.ctl("pause");
  assert.equal(paused.stdout, "Pausing qmail-send\nPausing qmail-smtpd\n");
  const ps = (await t.ctl("stat")).stdout;
  assert.match(ps, /qmail-send: up .*, paused\nqmail-smtpd: up .*, paused\n/);
  const cont = await t.ctl("cont");
  assert.equal(cont.stdout, "Continuing qmail-send\nContinuing qmail-smtpd\n");
  assert.doesNotMatch((await t.ctl("stat")).stdout, /paused/);

  const before = [readPidFile(t.home, "qmail-send")!.pid, readPidFile(t.home, "qmail-smtpd")!.pid];
  const re = await t.ctl("restart");
  assert.equal(re.code, 0, re.stderr);
  assert.match(re.stdout, /^Restarting qmail:\n\* Stopping qmail-smtpd\.\n/);
  const after = [readPidFile(t.home, "qmail-send")!.pid, readPidFile(t.home, "qmail-smtpd")!.pid];
  assert.notEqual(after[0], before[0]);
  assert.notEqual(after[1], before[1]);
  assert.match(t.log("qmail-send"), /status: exiting/, "the old qmail-send got TERM");
  await until(
    "the new qmail-send",
    () =>
      t.log("qmail-send").split("status: exiting").length === 2 &&
      /status: exiting[^]*status: local/.test(t.log("qmail-send")),
  );

  const stop = await t.ctl("stop");
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal(stop.stdout, "Stopping qmail...\n  qmail-smtpd\n  qmail-send\n");
  assert.match((await t.ctl("stat")).stdout, /^qmail-send: down\nqmail-smtpd: down\n/);
  assert.equal(t.log("qmail-send").split("status: exiting").length, 3, "TERM twice, exited twice");
  assert.equal(readPidFile(t.home, "qmail-send"), undefined);
});

Deno.test("qmailctl doqueue clears the timeout table and makes qmail-send retry now (ALRM)", async () => {
  using t = await tree();
  // A remote domain routed to a closed port: each attempt is a deferral.
  Deno.writeTextFileSync(`${t.home}/control/smtproutes`, `remote.test:127.0.0.1:${freePort()}\n`);
  await startAll(t);
  const q = await runQmail("qmail-inject", ["x@remote.test"], {
    home: t.home,
    stdin: "Subject: retry\n\nbody\n",
  });
  assert.equal(q.code, 0, q.stderr);
  await until("the first deferral", () => /delivery 1: deferral/.test(t.log("qmail-send")));
  Deno.writeFileSync(`${t.home}/queue/lock/tcpto`, new Uint8Array(1024).fill(1));
  const r = await t.ctl("doqueue");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "Flushing timeout table and sending ALRM signal to qmail-send.\n");
  assert.deepEqual(Deno.readFileSync(`${t.home}/queue/lock/tcpto`), new Uint8Array(1024));
  // Without ALRM the next remote attempt is minutes away (qmail's schedule).
  await until("a second attempt", () => /starting delivery 2:/.test(t.log("qmail-send")));
  const queue = await t.ctl("queue");
  assert.match(queue.stdout, /^messages in queue: 1\n/);
  assert.match(queue.stdout, /\tremote\tx@remote\.test\n/);
  for (const v of ["alrm", "flush"]) assert.equal((await t.ctl(v)).code, 0, v);
  assert.equal((await t.ctl("stop")).code, 0);
});

Deno.test("qmailctl reload sends qmail-send HUP: a new control/locals entry takes effect", async () => {
  using t = await tree();
  await startAll(t);
  const box = `${t.home}/alias/joe`;
  for (const d of ["tmp", "new", "cur"]) Deno.mkdirSync(`${box}/${d}`, { recursive: true });
  Deno.writeTextFileSync(`${t.home}/alias/.qmail-joe`, "./joe/\n");
  Deno.writeTextFileSync(`${t.home}/control/locals`, "localhost\nnew.test\n");
  const r = await t.ctl("reload");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "Sending HUP signal to qmail-send.\n");
  assert.equal((await t.ctl("hup")).code, 0);
  await new Promise((res) => setTimeout(res, 500));
  const q = await runQmail("qmail-inject", ["joe@new.test"], {
    home: t.home,
    stdin: "Subject: hup\n\nbody\n",
  });
  assert.equal(q.code, 0, q.stderr);
  await until("local delivery to joe", () => [...Deno.readDirSync(`${box}/new`)].length === 1);
  // The log line may reach the test's pipe reader after the maildir file is in place.
  await until(
    "the delivery in qmail-send's log",
    () => /starting delivery \d+: msg \d+ to local joe@new\.test\n/.test(t.log("qmail-send")),
  );
  assert.equal((await t.ctl("stop")).code, 0);
});

Deno.test("qmailctl cdb compiles control/tcp.smtp and tcp.pop3 into cdbs, mode 644", async () => {
  using t = await makeTree("localhost");
  Deno.writeTextFileSync(`${t.home}/control/tcp.smtp`, '127.:allow,RELAYCLIENT=""\n:allow\n');
  Deno.writeTextFileSync(`${t.home}/control/tcp.pop3`, "10.:deny\n:allow\n");
  const r = await runQmail("qmailctl", ["cdb"], { home: t.home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `Reloaded ${t.home}/control/tcp.pop3.\nReloaded ${t.home}/control/tcp.smtp.\n`,
  );
  for (const n of ["tcp.smtp.cdb", "tcp.pop3.cdb"]) {
    assert.equal(Deno.statSync(`${t.home}/control/${n}`).mode! & 0o777, 0o644, n);
  }
  const smtp = Cdb.openSync(`${t.home}/control/tcp.smtp.cdb`);
  assert.deepEqual(lookupRules(smtp, { ip: "127.0.0.1" })?.env, [["RELAYCLIENT", ""]]);
  const pop3 = Cdb.openSync(`${t.home}/control/tcp.pop3.cdb`);
  assert.equal(lookupRules(pop3, { ip: "10.1.2.3" })?.deny, true);
  Deno.writeTextFileSync(`${t.home}/control/tcp.smtp`, "bad line without instructions:x\n");
  const bad = await runQmail("qmailctl", ["cdb"], { home: t.home });
  assert.equal(bad.code, 111);
  assert.match(bad.stderr, /tcp\.smtp: unable to parse this line/);
});

Deno.test("qmailctl's verbs map to the install guide's actions", () => {
  assert.deepEqual(planVerb("flush"), planVerb("doqueue"));
  assert.deepEqual(planVerb("alrm"), planVerb("doqueue"));
  assert.deepEqual(planVerb("hup"), planVerb("reload"));
  assert.deepEqual(planVerb("queue"), [{ do: "qstat" }, { do: "qread" }]);
  assert.deepEqual(planVerb("stat"), [{ do: "status" }, { do: "qstat" }]);
  assert.equal(planVerb("nonsense"), undefined);
});

Deno.test("qmailctl through systemd uses systemctl; stat reads systemctl show", () => {
  assert.deepEqual(systemctlArgs.signal("qmail-send", "HUP"), ["reload", "qmail-send.service"]);
  assert.deepEqual(systemctlArgs.signal("qmail-send", "ALRM"), [
    "kill",
    "--kill-who=main",
    "-s",
    "SIGALRM",
    "qmail-send.service",
  ]);
  assert.deepEqual(systemctlArgs.start("qmail-smtpd"), ["start", "qmail-smtpd.service"]);
  const show = "ActiveState=active\nSubState=running\nMainPID=42\nExecMainStartTimestamp=@1000\n";
  assert.equal(statusLine("qmail-send", show, 1_187_000), "qmail-send: up (pid 42) 187 seconds");
  assert.equal(
    statusLine("qmail-smtpd", "ActiveState=failed\nSubState=failed\nMainPID=0\n", 0),
    "qmail-smtpd: down (failed/failed)",
  );
});

Deno.test("the process backend runs the units' command lines", () => {
  const c = {
    home: "/var/qmail",
    me: "mail.example",
    concurrency: 20,
    qmaild: [101, 102] as [number, number],
    listen: "0 25",
  };
  assert.deepEqual(serviceCommand("qmail-smtpd", c), [
    "/var/qmail/bin/tcpserver",
    "-v",
    "-R",
    "-l",
    "mail.example",
    "-x",
    "/var/qmail/control/tcp.smtp.cdb",
    "-c",
    "20",
    "-u",
    "101",
    "-g",
    "102",
    "0",
    "25",
    "/var/qmail/bin/qmail-smtpd",
  ]);
  assert.deepEqual(serviceCommand("qmail-pop3d", { ...c, listen: "0 110" }).slice(-6), [
    "110",
    "/var/qmail/bin/qmail-popup",
    "mail.example",
    "/var/qmail/bin/checkpassword",
    "/var/qmail/bin/qmail-pop3d",
    "Maildir",
  ]);
  assert.deepEqual(serviceCommand("qmail-send", c), ["/var/qmail/bin/qmail-start"]);
});
