import assert from "node:assert/strict";
import { MAIN, removeQmtAccounts, runQmail } from "./helpers.ts";
import { hier } from "../lib/install/hier.ts";
import { readGroups, readPasswd } from "../lib/ids/accounts.ts";
import { linkNames } from "../lib/install/links.ts";
import { SYSTEM_ALIASES } from "../lib/install/aliases.ts";
import { unitNames } from "../lib/install/units.ts";
import { installGrants } from "../lib/install/grants.ts";
import { Cdb } from "../lib/cdb/mod.ts";
import { lookupRules } from "../lib/tcprules/lookup.ts";

// `qmail install` as root, end to end, into a throwaway root (--root DIR):
// the tree under DIR/var/qmail, units under DIR/etc/systemd/system, sendmail
// links under DIR/usr; qmail's accounts are real ones named qmt<random><role>,
// removed afterwards.

const isRoot = Deno.uid() === 0;
if (!isRoot) console.log("skipping install --root tests: they create users and need root");

Deno.test({
  name: "install --root as root: hier modes and owners, links, aliases, units, sendmail",
  ignore: !isRoot,
  async fn() {
    const prefix = `qmt${crypto.randomUUID().slice(0, 4)}`;
    const dir = await Deno.makeTempDir({ prefix: "qmt-root-" });
    try {
      Deno.mkdirSync(`${dir}/usr/sbin`, { recursive: true });
      Deno.writeTextFileSync(`${dir}/usr/sbin/sendmail`, "#!/bin/sh\n# the old MTA\n", {
        mode: 0o755,
      });
      const args = [
        "--root",
        dir,
        "--user-prefix",
        prefix,
        "--admin",
        "dave",
        "--enable",
        "--replace-sendmail",
      ];
      const r = await runQmail("install", args, { home: "/var/qmail" });
      assert.equal(r.code, 0, r.stderr);
      const home = `${dir}/var/qmail`;

      // qmail's INSTALL modes and owners (hier.c, lib/install/hier.ts).
      const uid = new Map(readPasswd().map((p) => [p.name, p.uid]));
      const gid = readGroups();
      for (const e of hier()) {
        const st = Deno.lstatSync(e.path ? `${home}/${e.path}` : home);
        const owner = e.user === "root" ? "root" : `${prefix}${e.user}`;
        assert.equal(st.mode! & 0o7777, e.mode, `${e.path} mode`);
        assert.equal(st.uid, uid.get(owner), `${e.path} owner`);
        assert.equal(st.gid, gid.get(`${prefix}${e.group}`), `${e.path} group`);
      }
      // The accounts' homes are the installed system's paths, not the staging root's.
      const qmaild = readPasswd().find((p) => p.name === `${prefix}qmaild`)!;
      assert.equal(qmaild.home, "/var/qmail");
      assert.equal(readPasswd().find((p) => p.name === `${prefix}alias`)!.home, "/var/qmail/alias");

      for (const name of linkNames()) {
        assert.equal(Deno.readLinkSync(`${home}/bin/${name}`), MAIN, `bin/${name}`);
      }
      for (const a of SYSTEM_ALIASES) {
        const p = `${home}/alias/.qmail-${a}`;
        assert.equal(Deno.readTextFileSync(p), "&dave\n", a);
        assert.equal(Deno.statSync(p).mode! & 0o777, 0o644, a);
      }
      assert.equal(Deno.readTextFileSync(`${home}/control/defaultdelivery`), "./Maildir/\n");
      assert.equal(Deno.readTextFileSync(`${home}/control/concurrencyincoming`), "20\n");
      assert.equal(
        Deno.readTextFileSync(`${home}/control/tcp.smtp`),
        '127.:allow,RELAYCLIENT=""\n',
      );
      const rules = Cdb.openSync(`${home}/control/tcp.smtp.cdb`);
      assert.deepEqual(lookupRules(rules, { ip: "127.0.0.1" })?.env, [["RELAYCLIENT", ""]]);

      const units = `${dir}/etc/systemd/system`;
      for (const u of unitNames()) {
        const text = Deno.readTextFileSync(`${units}/${u}`);
        assert.equal(Deno.statSync(`${units}/${u}`).mode! & 0o777, 0o644, u);
        assert.match(text, /\/var\/qmail\/bin\//, `${u} runs the installed tree`);
        if (u.startsWith("qmail-smtpd")) assert.match(text, new RegExp(`id -u ${prefix}qmaild`));
      }
      for (const u of ["qmail-send.service", "qmail-smtpd.service"]) {
        assert.equal(
          Deno.readLinkSync(`${units}/multi-user.target.wants/${u}`),
          `/etc/systemd/system/${u}`,
          `${u} enabled`,
        );
      }

      for (const p of ["/usr/sbin/sendmail", "/usr/lib/sendmail"]) {
        assert.equal(Deno.readLinkSync(`${dir}${p}`), "/var/qmail/bin/sendmail", p);
      }
      assert.match(Deno.readTextFileSync(`${dir}/usr/sbin/sendmail.old`), /the old MTA/);

      // Again: everything kept, the old sendmail not moved twice, aliases not rewritten.
      Deno.writeTextFileSync(`${home}/alias/.qmail-root`, "&root@example.org\n");
      const again = await runQmail("install", [...args.slice(0, 4), "--replace-sendmail"], {
        home: "/var/qmail",
      });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(Deno.readTextFileSync(`${home}/alias/.qmail-root`), "&root@example.org\n");
      assert.match(Deno.readTextFileSync(`${dir}/usr/sbin/sendmail.old`), /the old MTA/);
      assert.doesNotMatch(again.stdout, /moved/);
    } finally {
      await removeQmtAccounts(prefix);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("install --single-user refuses --enable and --replace-sendmail", async () => {
  for (const opt of ["--enable", "--replace-sendmail"]) {
    const r = await runQmail("install", ["--single-user", opt], { home: "/nonexistent" });
    assert.equal(r.code, 100, opt);
  }
});

Deno.test("install's grants stay inside --root, and name system paths only when asked", () => {
  const ctx = (args: string[]) => ({
    home: "/var/qmail",
    args,
    cwd: "/tmp",
    env: () => undefined,
  });
  const inRoot = installGrants(ctx(["--root", "/tmp/r", "--replace-sendmail", "--enable"]));
  assert.deepEqual(inRoot.write, ["/tmp/r/var/qmail", "/tmp/r"]);
  assert.ok((inRoot.run as string[]).includes("systemctl"));
  const system = installGrants(ctx(["--replace-sendmail"]));
  assert.deepEqual(system.write, [
    "/var/qmail",
    "/etc/systemd/system",
    "/usr/sbin/sendmail",
    "/usr/sbin/sendmail.old",
    "/usr/lib/sendmail",
    "/usr/lib/sendmail.old",
  ]);
  assert.ok(!(system.run as string[]).includes("systemctl"));
  assert.deepEqual(installGrants(ctx(["--single-user"])).write, ["/var/qmail"]);
});
