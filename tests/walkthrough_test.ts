/**
 * The README's operator walk-through, step by step, as root on a system tree
 * (issue 7): `install --admin` → `config-fast` → aliases and the user's
 * Maildir → `qmailctl cdb` and `qmailctl start` (qmail-start in system mode,
 * tcpserver -u/-g qmaild) → send with swaks over SMTP and with `sendmail` as
 * the user (through the maildrop) → read with `curl pop3://` after
 * `qmail-poppasswd set` → `qmailctl stop`. The tree is in a temporary
 * directory (never /var/qmail, no systemd units); qmail's accounts and the
 * mail user are throwaway `qmt…` accounts, removed at the end. Skipped with a
 * reason when not root.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ensureProgram, listDir, runQmail, type RunResult } from "./helpers.ts";
import { readPasswd } from "../lib/ids/accounts.ts";
import { readPidFile } from "../lib/ctl/pidfile.ts";

const isRoot = Deno.uid() === 0;
const swaks = isRoot ? await ensureProgram("swaks") : undefined;
const curl = isRoot ? await ensureProgram("curl") : undefined;
const ps = isRoot ? await ensureProgram("ps", "procps") : undefined;
const skip = !isRoot
  ? "it installs a system tree and creates users, which needs root"
  : !swaks || !curl || !ps
  ? "swaks, curl or ps cannot be installed"
  : undefined;
if (skip) console.log(`skipping the operator walk-through: ${skip}`);

const ROLES = ["alias", "qmaild", "qmaill", "qmailp", "qmailq", "qmailr", "qmails"];
const HOST = "mail.walk.test";
const SERVICES = ["qmail-smtpd", "qmail-pop3d", "qmail-send"];

/** Runs a system command; its output, never throwing. */
async function sh(cmd: string, args: string[]): Promise<RunResult> {
  const r = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

function read(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}

/** The real uid of a process, from /proc. */
function procUid(pid: number): number {
  return Number(/\nUid:\s+(\d+)/.exec(read(`/proc/${pid}/status`))?.[1]);
}

/** The processes whose parent is `ppid`: pid, real uid and command line. */
function childrenOf(ppid: number): { pid: number; uid: number; cmd: string }[] {
  const out = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const status = read(`/proc/${e.name}/status`);
    if (Number(/\nPPid:\s+(\d+)/.exec(status)?.[1]) !== ppid) continue;
    const cmd = read(`/proc/${e.name}/cmdline`).replaceAll("\0", " ").trim();
    out.push({ pid: Number(e.name), uid: procUid(Number(e.name)), cmd });
  }
  return out;
}

/** Sends each command after the previous answer (one line each); returns everything read. */
async function pop3Session(port: number, commands: string[]): Promise<string> {
  const c = await Deno.connect({ hostname: "127.0.0.1", port });
  const lines = c.readable.pipeThrough(new TextDecoderStream()).getReader();
  const enc = new TextEncoder();
  let got = "";
  const answer = async () => {
    const want = got.split("\r\n").length;
    const deadline = Date.now() + 30_000;
    while (got.split("\r\n").length === want && Date.now() < deadline) {
      const { value, done } = await lines.read();
      if (done) break;
      got += value;
    }
  };
  try {
    await answer();
    for (const cmd of commands) {
      await c.write(enc.encode(`${cmd}\r\n`));
      await answer();
    }
  } finally {
    await lines.cancel().catch(() => {});
  }
  return got;
}

/** Polls `f` every 100 ms, at most 900 times (90 s: the suite runs in parallel on 2 cores). */
async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 900; i++) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test({
  name: "operator walk-through as root: install, configure, aliases, start, send, read, stop",
  ignore: skip !== undefined,
  async fn() {
    const prefix = `qmt${crypto.randomUUID().slice(0, 4)}`;
    const user = `${prefix}joe`;
    const dir = await Deno.makeTempDir({ prefix: "qmt-walk-" });
    Deno.chmodSync(dir, 0o755); // the mail user's home is inside
    const home = `${dir}/qmail`;
    const uhome = `${dir}/${user}`;
    const smtpPort = freePort();
    const pop3Port = freePort();
    const ctlEnv = {
      // Never the machine's systemd, even where it runs: the processes themselves.
      QMAILCTL_MODE: "process",
      QMAILCTL_SMTPD: `127.0.0.1 ${smtpPort}`,
      QMAILCTL_POP3D: `127.0.0.1 ${pop3Port}`,
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    };
    const qmailctl = (verb: string) => runQmail("qmailctl", [verb], { home, env: ctlEnv });
    const log = (s: string) => read(`${home}/log/${s}.log`);
    try {
      // The administrator's own account exists first, with a home it owns.
      const add = await sh("useradd", [
        "--create-home",
        "--home-dir",
        uhome,
        "-s",
        "/bin/sh",
        user,
      ]);
      assert.equal(add.code, 0, add.stderr);
      const pw = readPasswd().find((p) => p.name === user)!;
      const as = { uid: pw.uid, gid: pw.gid, cwd: uhome, env: { HOME: uhome, USER: user } };

      // 1. Install: `qmail install --admin you` (here without units, in a temporary tree).
      const inst = await runQmail(
        "install",
        ["--user-prefix", prefix, "--admin", user, "--no-units"],
        { home },
      );
      assert.equal(inst.code, 0, inst.stderr);
      for (const r of ROLES) assert.match(inst.stdout, new RegExp(`created user ${prefix}${r}\n`));
      assert.match(inst.stdout, /control\/defaultdelivery: \.\/Maildir\/\n/);
      for (const d of ["alias", "bin", "control", "queue", "users", "maildrop"]) {
        assert.ok(Deno.statSync(`${home}/${d}`).isDirectory, d);
      }
      assert.equal(
        Deno.statSync(`${home}/queue`).uid,
        readPasswd().find((p) => p.name === `${prefix}qmailq`)!.uid,
      );
      assert.ok(Deno.lstatSync(`${home}/bin/qmail-start`).isSymlink);
      // --no-units: the machine's /etc/systemd is left alone.
      for (const n of listDir("/etc/systemd/system")) {
        assert.ok(!read(`/etc/systemd/system/${n}`).includes(home), `${n} names the test tree`);
      }

      // 2. Configure: `qmail config-fast mail.example.com`.
      const cf = await runQmail("config-fast", [HOST], { home });
      assert.equal(cf.code, 0, cf.stderr);
      assert.match(
        cf.stdout,
        new RegExp(`Now qmail will refuse to accept SMTP messages except to ${HOST}`),
      );
      assert.equal(read(`${home}/control/me`), `${HOST}\n`);
      assert.equal(read(`${home}/control/defaultdomain`), "walk.test\n");
      assert.equal(read(`${home}/control/plusdomain`), "walk.test\n");
      assert.equal(read(`${home}/control/locals`), `${HOST}\n`);
      assert.equal(read(`${home}/control/rcpthosts`), `${HOST}\n`);
      assert.equal(read(`${home}/control/defaultdelivery`), "./Maildir/\n");
      const showctl = await runQmail("qmail-showctl", [], { home });
      assert.equal(showctl.code, 0, showctl.stderr);
      assert.match(
        showctl.stdout,
        new RegExp(`\nme: This host is ${HOST.replaceAll(".", "\\.")}\.\n`),
      );

      // Relay rules: the README's control/tcp.smtp, compiled with `qmailctl cdb`.
      Deno.writeTextFileSync(
        `${home}/control/tcp.smtp`,
        '127.:allow,RELAYCLIENT=""\n192.168.1.:allow,RELAYCLIENT=""\n:allow\n',
      );
      const cdb = await qmailctl("cdb");
      assert.equal(cdb.code, 0, cdb.stderr);
      assert.match(cdb.stdout, /Reloaded .*\/control\/tcp\.smtp\.\n/);

      // 3. Aliases: install --admin wrote postmaster, mailer-daemon, root and abuse.
      for (const a of ["postmaster", "mailer-daemon", "root", "abuse"]) {
        assert.equal(read(`${home}/alias/.qmail-${a}`), `&${user}\n`, a);
      }
      // One more by hand, with a dot in the name (a colon in the file name).
      Deno.writeTextFileSync(`${home}/alias/.qmail-web:master`, `&${user}\n`, { mode: 0o644 });
      // The user's Maildir, made by the user (control/defaultdelivery is ./Maildir/).
      const mk = await runQmail("maildirmake", ["Maildir"], as);
      assert.equal(mk.code, 0, mk.stderr);
      assert.equal(Deno.statSync(`${uhome}/Maildir/new`).uid, pw.uid);

      // POP3 password (README: `echo secret | qmail qmail-poppasswd set joe`), with -a for APOP:
      // curl answers a greeting that offers APOP (qmail-popup's timestamp) with APOP only.
      const pp = await runQmail("qmail-poppasswd", ["set", "-a", user], {
        home,
        stdin: "s3cret\n",
      });
      assert.equal(pp.code, 0, pp.stderr);

      // 4. Start: `qmailctl start && qmailctl stat`.
      const start = await qmailctl("start");
      assert.equal(start.code, 0, start.stderr);
      await until("qmail-send's first status line", () => log("qmail-send").includes("status:"));
      await until("the SMTP greeting", async () => {
        try {
          const c = await Deno.connect({ hostname: "127.0.0.1", port: smtpPort });
          const buf = new Uint8Array(512);
          const n = await c.read(buf);
          c.close();
          return new TextDecoder().decode(buf.subarray(0, n ?? 0)).startsWith(`220 ${HOST}`);
        } catch {
          return false;
        }
      });
      const stat = await qmailctl("stat");
      assert.equal(stat.code, 0, stat.stderr);
      assert.match(
        stat.stdout,
        /^qmail-send: up \(pid \d+\).*\nqmail-smtpd: up \(pid \d+\).*\nqmail-pop3d: up \(pid \d+\).*\nmessages in queue: 0\n/,
      );
      // The trust model: the SMTP listener as qmaild (tcpserver -u/-g), qmail-send as qmails
      // under qmail-start (root, for local delivery), qmail-pickup and qmail-clean as qmailq.
      const uidOf = (name: string) => readPasswd().find((p) => p.name === name)!.uid;
      assert.equal(procUid(readPidFile(home, "qmail-smtpd")!.pid), uidOf(`${prefix}qmaild`));
      const qmailStart = readPidFile(home, "qmail-send")!.pid;
      assert.equal(procUid(qmailStart), 0);
      const kids = await until("qmail-start's children", () => {
        const k = childrenOf(qmailStart);
        return k.length >= 3 ? k : undefined;
      });
      const byProgram = (p: string) => kids.find((k) => k.cmd.endsWith(` ${p}`))?.uid;
      assert.equal(byProgram("qmail-send"), uidOf(`${prefix}qmails`), JSON.stringify(kids));
      assert.equal(byProgram("qmail-pickup"), uidOf(`${prefix}qmailq`), JSON.stringify(kids));
      assert.equal(byProgram("qmail-clean"), uidOf(`${prefix}qmailq`), JSON.stringify(kids));

      // 5. Send: swaks to the user over SMTP; sendmail as the user to an alias.
      const sw = await sh(swaks!, [
        "--server",
        `127.0.0.1:${smtpPort}`,
        "--from",
        "friend@elsewhere.example",
        "--to",
        `${user}@${HOST}`,
        "--header",
        "Subject: over SMTP",
        "--body",
        "hello over SMTP",
      ]);
      assert.equal(sw.code, 0, sw.stdout + sw.stderr);
      assert.match(sw.stdout, /<- {2}250 ok \d+ qp \d+\n/);
      const sm = await runQmail("sendmail", ["web.master"], {
        ...as,
        home,
        stdin: "Subject: through the maildrop\n\nhello from sendmail\n",
      });
      assert.equal(sm.code, 0, sm.stderr);

      // 6. Read: both land in ~/Maildir/new, the user's; then over POP3.
      const names = await until("both messages in the Maildir", () => {
        const n = listDir(`${uhome}/Maildir/new`);
        return n.length === 2 ? n : undefined;
      });
      const files = names.map((n) => `${uhome}/Maildir/new/${n}`);
      const texts = files.map(read);
      for (const f of files) assert.equal(Deno.statSync(f).uid, pw.uid, `${f} is the user's`);
      const smtp = texts.find((t) => t.includes("hello over SMTP"));
      const local = texts.find((t) => t.includes("hello from sendmail"));
      assert.ok(smtp, texts.join("\n----\n"));
      assert.ok(local, texts.join("\n----\n"));
      assert.match(smtp, /^Return-Path: <friend@elsewhere\.example>\n/);
      assert.match(smtp, new RegExp(`\nDelivered-To: ${user}@${HOST}\n`));
      assert.match(smtp, /from network/);
      assert.match(local, new RegExp(`^Return-Path: <${user}@${HOST}>\n`));
      assert.match(local, new RegExp(`\nDelivered-To: web\\.master@${HOST}\n`));
      assert.match(local, new RegExp(`invoked by uid ${pw.uid}\\)`));
      assert.match(log("qmail-send"), /delivery \d+: success/);

      // qmail-pop3d leaves a message dated this very second for the next session.
      const newest = Math.max(...files.map((f) => Deno.statSync(f).mtime!.getTime()));
      await new Promise((r) => setTimeout(r, Math.max(0, newest + 1100 - Date.now())));
      const url = `pop3://127.0.0.1:${pop3Port}`;
      const list = await sh(curl!, ["-sS", "-u", `${user}:s3cret`, `${url}/`]);
      assert.equal(list.code, 0, `${list.stderr}${log("qmail-pop3d")}`);
      assert.match(list.stdout, /^1 \d+\r\n2 \d+\r\n$/);
      const fetched: string[] = [];
      for (const n of [1, 2]) {
        const r = await sh(curl!, ["-sS", "-u", `${user}:s3cret`, `${url}/${n}`]);
        assert.equal(r.code, 0, r.stderr);
        fetched.push(r.stdout.replaceAll("\r\n", "\n"));
      }
      // Line ends become CRLF, and qmail-pop3d appends its extra blank line (qmail-pop3d(8)).
      assert.deepEqual(
        fetched.toSorted(),
        texts.map((t) => `${t}\n`).toSorted(),
        "POP3 gives the Maildir files",
      );
      const wrong = await sh(curl!, ["-sS", "-u", `${user}:wrong`, `${url}/1`]);
      assert.notEqual(wrong.code, 0, "a wrong password is refused");
      // A client that logs in with USER and PASS (the password's hash, not the APOP secret).
      const plain = await pop3Session(pop3Port, [`USER ${user}`, "PASS s3cret", "STAT", "QUIT"]);
      assert.match(plain, /^\+OK <[^>]+>\r\n\+OK \r\n\+OK \r\n\+OK 2 \d+\r\n\+OK \r\n$/);

      // 7. Stop: qmail-send finishes and logs `status: exiting`.
      const stop = await qmailctl("stop");
      assert.equal(stop.code, 0, stop.stderr);
      assert.match(log("qmail-send"), /status: exiting\n$/);
      const down = await qmailctl("stat");
      assert.match(down.stdout, /^qmail-send: down\nqmail-smtpd: down\nqmail-pop3d: down\n/);
    } finally {
      // Whatever is still running: each service's session (setsid), by its recorded pid.
      for (const s of SERVICES) {
        const p = readPidFile(home, s);
        if (!p) continue;
        try {
          Deno.kill(-p.pid, "SIGKILL");
        } catch { /* gone */ }
      }
      // userdel refuses (8) while a killed process of the account is not yet gone.
      for (const u of [user, ...ROLES.map((r) => prefix + r)]) {
        for (let i = 0; i < 50 && (await sh("userdel", [u])).code === 8; i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      for (const g of ["qmail", "nofiles", "joe"]) await sh("groupdel", [prefix + g]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
