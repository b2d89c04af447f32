/**
 * Local delivery as root (system tree): qmail-lspawn runs each delivery in a
 * warm worker under the recipient's uid and gid. Two throwaway `qmt` users
 * prove it: their Maildir files are theirs, `|id -u` sees their uid, and a
 * second delivery to the same uid reuses the worker.
 */

import assert from "node:assert/strict";
import { LspawnClient } from "../lib/local/lspawn.ts";
import type { DeliveryResult } from "../lib/local/deliverer.ts";
import { readPasswd } from "../lib/ids/accounts.ts";
import { MAIN, makeTree, sh } from "./helpers.ts";

const isRoot = Deno.uid() === 0;
if (!isRoot) console.log("skipping local root tests: they create users and need root");

Deno.test({
  name:
    "as root each delivery runs as its recipient in a warm per-uid worker; root and foreign messages are refused",
  ignore: !isRoot,
  async fn() {
    using t = await makeTree("test.example");
    Deno.chmodSync(t.dir, 0o755);
    const prefix = `qmt${crypto.randomUUID().slice(0, 5)}`;
    const names = [`${prefix}a`, `${prefix}b`];
    const cache = `${t.dir}/deno-cache`;
    Deno.mkdirSync(cache, { mode: 0o777 });
    Deno.chmodSync(cache, 0o777);
    try {
      for (const n of names) {
        await sh("useradd", ["--no-create-home", "-d", `${t.dir}/${n}`, "-s", "/bin/sh", n]);
      }
      const users = names.map((n) => readPasswd().find((p) => p.name === n)!);
      for (const u of users) {
        for (const d of ["", "/Maildir", "/Maildir/tmp", "/Maildir/new", "/Maildir/cur"]) {
          Deno.mkdirSync(`${u.home}${d}`, { mode: 0o755 });
          Deno.chownSync(`${u.home}${d}`, u.uid, u.gid);
        }
        Deno.writeTextFileSync(`${u.home}/.qmail`, "./Maildir/\n|id -u; echo worker $PPID\n");
        Deno.chmodSync(`${u.home}/.qmail`, 0o644);
      }
      // A system tree: the roles are not all one account (the alias user is the first qmt user).
      Deno.writeTextFileSync(
        `${t.home}/conf-users`,
        [names[0], "root", "root", "root", "root", "root", "root", "root"].join("\n") + "\n",
      );
      Deno.writeTextFileSync(`${t.home}/users/assign`, "=rootish:root:0:0:/root:::\n.\n");
      const newu = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--unstable-worker-options", "--quiet", "main.ts", "qmail-newu"],
        env: { QMAILHOME: t.home },
      }).output();
      assert.equal(newu.code, 0, new TextDecoder().decode(newu.stderr));
      const mess = `${t.dir}/mess`;
      Deno.writeTextFileSync(mess, "Subject: for you\n\nhello\n");
      const foreign = `${t.dir}/foreign`;
      Deno.writeTextFileSync(foreign, "Subject: x\n\n");
      Deno.chownSync(foreign, users[0].uid, users[0].gid);

      Deno.env.set("QMAIL_SELF", MAIN); // what the dispatcher sets for programs
      const lspawn = LspawnClient.spawn("./Mailbox\n", {
        QMAILHOME: t.home,
        DENO_DIR: cache,
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: t.dir,
      });
      const deliver = (recipient: string, messagePath = mess) =>
        lspawn.deliver({ delivery: 1, id: 1, messagePath, sender: "s@a.example", recipient });
      const rounds: DeliveryResult[][] = [];
      for (let i = 0; i < 2; i++) {
        rounds.push(await Promise.all(names.map((n) => deliver(`${n}@test.example`))));
      }
      const root = await deliver("rootish@test.example");
      const wrong = await deliver(`${names[1]}@test.example`, foreign);
      await lspawn.close();

      const workerOf: string[] = [];
      for (const [k, u] of users.entries()) {
        for (const round of rounds) {
          const r = round[k];
          assert.equal(r.status, "success", r.report);
          const [uid, worker, did] = r.report!.split("\n");
          assert.equal(uid, String(u.uid));
          assert.equal(did, "did 1+0+1");
          if (workerOf[k] === undefined) workerOf[k] = worker;
          assert.equal(worker, workerOf[k], "the second delivery reuses the uid's worker");
        }
        const files = [...Deno.readDirSync(`${u.home}/Maildir/new`)];
        assert.equal(files.length, 2);
        for (const f of files) {
          const st = Deno.statSync(`${u.home}/Maildir/new/${f.name}`);
          assert.equal(st.uid, u.uid);
          assert.equal(st.gid, u.gid);
        }
      }
      assert.notEqual(workerOf[0], workerOf[1], "one worker per uid");
      assert.deepEqual(root, {
        status: "deferral",
        text: "Not_allowed_to_perform_deliveries_as_root./",
        report: "Not allowed to perform deliveries as root.\n",
      });
      assert.equal(wrong.report, "Sorry, message has wrong owner. (#4.3.5)\n");
    } finally {
      for (const n of names) await sh("userdel", [n]).catch(() => {});
    }
  },
});
