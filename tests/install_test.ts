import assert from "node:assert/strict";
import {
  listDir,
  makeQmtDir,
  makeTree,
  queueFiles,
  removeQmtAccounts,
  runQmail,
  sh,
} from "./helpers.ts";
import { hier } from "../lib/install/hier.ts";
import { readGroups, readPasswd } from "../lib/ids/accounts.ts";
import { defaultDomainOf, plusDomainOf } from "../lib/install/config_fast.ts";

const MODE = 0o7777;

Deno.test("install --single-user lays out qmail's tree with hier.c's modes", async () => {
  using t = await makeTree();
  for (const e of hier()) {
    const st = Deno.lstatSync(e.path ? `${t.home}/${e.path}` : t.home);
    assert.equal(st.mode! & MODE, e.mode, `${e.path} mode`);
    assert.equal(st.uid, Deno.uid(), `${e.path} owned by the caller`);
    if (e.kind === "dir") assert.ok(st.isDirectory, e.path);
    if (e.kind === "fifo") assert.ok(st.isFifo, e.path);
    if (e.kind === "file") assert.equal(st.size, e.size, e.path);
  }
  for (const d of ["mess", "info", "local", "remote"]) {
    assert.equal(listDir(`${t.home}/queue/${d}`).length, 23, `${d} is split 23 ways`);
  }
  const me = readPasswd().find((p) => p.uid === Deno.uid())!.name;
  assert.deepEqual(Deno.readTextFileSync(`${t.home}/conf-users`).split("\n").slice(0, 8), [
    ...Array(8).fill(me),
  ]);
});

Deno.test("install run again keeps the queue and repairs modes", async () => {
  using t = await makeTree("test.example");
  Deno.chmodSync(`${t.home}/queue/todo`, 0o777);
  Deno.writeTextFileSync(`${t.home}/queue/todo/keep`, "x");
  const r = await runQmail("install", ["--single-user"], { home: t.home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(Deno.statSync(`${t.home}/queue/todo`).mode! & MODE, 0o750);
  assert.deepEqual(listDir(`${t.home}/queue/todo`), ["keep"]);
  assert.equal(Deno.readTextFileSync(`${t.home}/control/me`), "test.example\n");
});

Deno.test("install with an unknown option is a usage error", async () => {
  const r = await runQmail("install", ["--bogus"], { home: "/nonexistent" });
  assert.equal(r.code, 100);
  assert.match(r.stderr, /usage: install/);
});

Deno.test("config-fast writes me, defaultdomain, plusdomain, locals and rcpthosts as qmail's does", async () => {
  using t = await makeTree();
  const r = await runQmail("config-fast", ["mail.dept.example.com"], { home: t.home });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Your fully qualified host name is mail\.dept\.example\.com\./);
  const c = (n: string) => Deno.readTextFileSync(`${t.home}/control/${n}`);
  assert.equal(c("me"), "mail.dept.example.com\n");
  assert.equal(c("defaultdomain"), "dept.example.com\n");
  assert.equal(c("plusdomain"), "example.com\n");
  assert.equal(c("locals"), "mail.dept.example.com\n");
  assert.equal(c("rcpthosts"), "mail.dept.example.com\n");
  await runQmail("config-fast", ["other.example"], { home: t.home });
  assert.equal(c("locals"), "mail.dept.example.com\nother.example\n", "locals is appended to");
  assert.equal(Deno.statSync(`${t.home}/control/me`).mode! & MODE, 0o644);
});

Deno.test("config-fast's domain rules follow its sed expressions", () => {
  assert.equal(defaultDomainOf("a.b.c"), "b.c");
  assert.equal(defaultDomainOf("a.b"), "a.b");
  assert.equal(defaultDomainOf("localhost"), "localhost");
  assert.equal(plusDomainOf("a.b.c.d"), "c.d");
  assert.equal(plusDomainOf("a.b"), "a.b");
});

Deno.test("config-fast without a host name is a usage error", async () => {
  using t = await makeTree();
  const r = await runQmail("config-fast", [], { home: t.home });
  assert.equal(r.code, 100);
});

const isRoot = Deno.uid() === 0;
if (!isRoot) console.log("skipping system-install tests: they create users and need root");

Deno.test({
  name:
    "install as root creates qmail's users, owners and modes; an unprivileged user injects through the maildrop",
  ignore: !isRoot,
  async fn() {
    const { prefix, dir, home, cache } = await makeQmtDir();
    const user = `${prefix}user`;
    try {
      const r = await runQmail("install", ["--user-prefix", prefix], { home });
      assert.equal(r.code, 0, r.stderr);
      const uid = new Map(readPasswd().map((p) => [p.name, p.uid]));
      const gid = readGroups();
      for (const e of hier()) {
        const st = Deno.lstatSync(e.path ? `${home}/${e.path}` : home);
        const owner = e.user === "root" ? "root" : `${prefix}${e.user}`;
        assert.equal(st.uid, uid.get(owner), `${e.path} owner ${owner}`);
        assert.equal(st.gid, gid.get(`${prefix}${e.group}`), `${e.path} group`);
        assert.equal(st.mode! & MODE, e.mode, `${e.path} mode`);
      }
      await runQmail("config-fast", ["test.example"], { home });

      await sh("useradd", ["--no-create-home", "--shell", "/usr/sbin/nologin", user]);
      const userUid = readPasswd().find((p) => p.name === user)!.uid;
      const userGid = readPasswd().find((p) => p.name === user)!.gid;
      const env = `${dir}/env`;
      Deno.writeTextFileSync(env, "Fsomeone@test.example\0Tbob@test.example\0\0");
      Deno.chmodSync(env, 0o644);
      const dropped = await runQmail("qmail-queue", [], {
        home,
        stdin: "Subject: from a user\n\nhello\n",
        fd1File: env,
        uid: userUid,
        gid: userGid,
        env: { DENO_DIR: cache, HOME: dir },
      });
      assert.equal(dropped.code, 0, dropped.stderr);
      assert.deepEqual(listDir(`${home}/queue/todo`), [], "nothing reaches todo/ directly");
      const drops = listDir(`${home}/maildrop`).filter((n) => !n.startsWith("."));
      assert.equal(drops.length, 1);
      assert.match(drops[0], /^m\./);
      assert.equal(Deno.statSync(`${home}/maildrop/${drops[0]}`).uid, userUid);

      const qmailq = readPasswd().find((p) => p.name === `${prefix}qmailq`)!;
      const picked = await runQmail("qmail-pickup", ["-1"], {
        home,
        uid: qmailq.uid,
        gid: qmailq.gid,
        env: { DENO_DIR: cache, HOME: dir },
      });
      assert.equal(picked.code, 0, picked.stderr);
      assert.match(picked.stdout, new RegExp(`queued msg \\d+ from uid ${userUid}`));
      assert.deepEqual(listDir(`${home}/maildrop`), [".wake"]);
      const [id] = listDir(`${home}/queue/todo`);
      const mess = `${home}/queue/mess/${Number(id) % 23}/${id}`;
      assert.equal(Deno.statSync(mess).uid, qmailq.uid);
      assert.match(Deno.readTextFileSync(mess), new RegExp(`invoked by uid ${userUid}\\)`));
      assert.match(Deno.readTextFileSync(`${home}/queue/todo/${id}`), new RegExp(`^u${userUid}\0`));

      // Root writes the queue directly, giving the files to the queue user.
      const direct = await runQmail("qmail-queue", [], {
        home,
        stdin: "Subject: from root\n\nhi\n",
        fd1File: env,
      });
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal(listDir(`${home}/queue/todo`).length, 2);
      for (const f of queueFiles(home, "mess")) {
        assert.equal(Deno.statSync(`${home}/queue/${f}`).uid, qmailq.uid, f);
      }
    } finally {
      await removeQmtAccounts(prefix, [user], ["user"]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
