/**
 * qmail-start as root in a system tree (throwaway `qmt…` accounts): each
 * delivery runs as its recipient (Maildir files owned by them, `| id -u`
 * sees their uid), and qmail-send itself runs as qmails, not as root.
 * Skipped with a reason when not root.
 */

import assert from "node:assert/strict";
import { DENO_RUN, makeQmtDir, removeQmtAccounts, runQmail, sh } from "./helpers.ts";
import { readPasswd } from "../lib/ids/accounts.ts";

/** Pids and uids of the processes whose parent is `ppid`, with their command lines. */
function children(ppid: number): { pid: number; uid: number; cmd: string }[] {
  const out = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const status = Deno.readTextFileSync(`/proc/${e.name}/status`);
      if (Number(/\nPPid:\s+(\d+)/.exec(status)?.[1]) !== ppid) continue;
      const uid = Number(/\nUid:\s+(\d+)/.exec(status)?.[1]);
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ");
      out.push({ pid: Number(e.name), uid, cmd });
    } catch {
      // gone
    }
  }
  return out;
}

async function waitFor<T>(what: string, f: () => T | undefined, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isRoot = Deno.uid() === 0;
if (!isRoot) console.log("skipping send root test: it creates users and needs root");

Deno.test({
  name: "as root each delivery runs as its recipient and qmail-send runs as qmails",
  ignore: !isRoot,
  async fn() {
    const { prefix, dir, home, cache } = await makeQmtDir();
    const users = [`${prefix}a`, `${prefix}b`];
    let start: Deno.ChildProcess | undefined;
    try {
      const r = await runQmail("install", ["--user-prefix", prefix], { home });
      assert.equal(r.code, 0, r.stderr);
      await runQmail("config-fast", ["example.com"], { home });
      const ids: Record<string, { uid: number; gid: number; home: string }> = {};
      for (const u of users) {
        const h = `${dir}/${u}`;
        await sh("useradd", ["--no-create-home", "--home-dir", h, "--shell", "/bin/sh", u]);
        const pw = readPasswd().find((p) => p.name === u)!;
        ids[u] = { uid: pw.uid, gid: pw.gid, home: h };
        for (const s of ["cur", "new", "tmp"]) {
          Deno.mkdirSync(`${h}/Maildir/${s}`, { recursive: true });
        }
        await sh("chown", ["-R", `${pw.uid}:${pw.gid}`, h]);
      }
      const [a, b] = users;
      Deno.writeTextFileSync(`${ids[b].home}/.qmail`, '| id -u > "$HOME/uid"\n./Maildir/\n');
      await sh("chown", [`${ids[b].uid}:${ids[b].gid}`, `${ids[b].home}/.qmail`]);
      Deno.chmodSync(`${ids[b].home}/.qmail`, 0o644);

      start = new Deno.Command(Deno.execPath(), {
        args: [...DENO_RUN, "qmail-start", "./Maildir/"],
        env: { QMAILHOME: home, DENO_DIR: cache, PATH: `${home}/bin:/usr/bin:/bin` },
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      const log: string[] = [];
      const reading = (async () => {
        const dec = new TextDecoder();
        for await (const c of start!.stdout) log.push(dec.decode(c));
      })();
      await waitFor(
        "qmail-send's first status line",
        () => log.join("").includes("status: local 0/") ? true : undefined,
      );
      const sent = await runQmail("sendmail", [`${a}@example.com`, `${b}@example.com`], {
        home,
        stdin: "Subject: root test\n\nhello\n",
        env: { DENO_DIR: cache },
      });
      assert.equal(sent.code, 0, sent.stderr);
      for (const u of users) {
        const f = await waitFor(`${u}'s Maildir`, () => {
          const names = [...Deno.readDirSync(`${ids[u].home}/Maildir/new`)].map((e) => e.name);
          return names[0];
        });
        const st = Deno.statSync(`${ids[u].home}/Maildir/new/${f}`);
        assert.equal(st.uid, ids[u].uid, `${u}'s message belongs to ${u}`);
      }
      assert.equal(Deno.readTextFileSync(`${ids[b].home}/uid`).trim(), String(ids[b].uid));
      // A bounce from qmail-send (qmails) reaches the queue through the maildrop and
      // the qmail-pickup that qmail-start runs as qmailq.
      const failed = await runQmail("sendmail", ["-f", `${a}@example.com`, "nosuch@example.com"], {
        home,
        stdin: "Subject: to nobody\n\nhello\n",
        env: { DENO_DIR: cache },
      });
      assert.equal(failed.code, 0, failed.stderr);
      const bounce = await waitFor("the bounce in a's Maildir", () => {
        const names = [...Deno.readDirSync(`${ids[a].home}/Maildir/new`)].map((e) => e.name);
        for (const n of names) {
          const text = Deno.readTextFileSync(`${ids[a].home}/Maildir/new/${n}`);
          if (text.includes("Subject: failure notice")) return text;
        }
        return undefined;
      });
      assert.match(bounce, /<nosuch@example\.com>:\n/);
      assert.match(bounce, /^Return-Path: <>\n/);
      const qmails = readPasswd().find((p) => p.name === `${prefix}qmails`)!.uid;
      const send = children(start.pid).find((c) => / qmail-send\s*$/.test(c.cmd));
      assert.ok(send, `a qmail-send child of qmail-start: ${JSON.stringify(children(start.pid))}`);
      assert.equal(send.uid, qmails, "qmail-send runs as qmails");
      assert.notEqual(send.uid, 0);
      start.kill("SIGTERM");
      assert.equal((await start.status).code, 0);
      await reading;
      start = undefined;
      assert.match(log.join(""), /status: exiting\n$/);
    } finally {
      if (start) {
        start.kill("SIGKILL");
        await start.status;
      }
      await removeQmtAccounts(prefix, users, ["a", "b"]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
