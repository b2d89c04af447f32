import assert from "node:assert/strict";
import { ensureProgram, MAIN } from "./helpers.ts";
import { readUnits, UNIT_NAMES } from "../packaging/systemd/embed.ts";
import { UNIT_FILES } from "../lib/install/unit_files.ts";
import { renderUnit, writeUnits } from "../lib/install/units.ts";

/** Programs the units run from QMAILHOME/bin. */
const UNIT_PROGRAMS = [
  "qmail-start",
  "tcpserver",
  "qmail-smtpd",
  "qmail-popup",
  "checkpassword",
  "qmail-pop3d",
];

/** The value of every `Key=` line of a unit, `$$` unescaped as systemd does. */
function directive(text: string, key: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1).replaceAll("$$", "$"));
}

/** The shell script of an `ExecStartPre=/bin/sh -c '…'` line. */
function shellOf(line: string): string {
  const m = /^\/bin\/sh -c '(.*)'$/.exec(line);
  assert.ok(m, `not a /bin/sh -c line: ${line}`);
  return m[1];
}

async function sh(script: string): Promise<{ code: number; out: string }> {
  const r = await new Deno.Command("/bin/sh", {
    args: ["-c", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

Deno.test("the units qmail install carries are packaging/systemd's files", () => {
  assert.deepEqual(UNIT_FILES, readUnits(), "run: deno run -A packaging/systemd/embed.ts");
});

Deno.test("systemd-analyze verify passes on every unit fitted to a tree", async () => {
  const analyze = await ensureProgram("systemd-analyze", "systemd");
  if (!analyze) return console.log("skipped: systemd-analyze cannot be installed");
  await ensureProgram("kill", "procps");
  const dir = await Deno.makeTempDir({ prefix: "qmt-units-" });
  try {
    const home = `${dir}/var/qmail`;
    Deno.mkdirSync(`${home}/bin`, { recursive: true });
    // verify wants every ExecStart binary to exist: the tree's bin/ links.
    for (const p of UNIT_PROGRAMS) Deno.symlinkSync(MAIN, `${home}/bin/${p}`);
    writeUnits(dir, { home, qmaild: "root" });
    Deno.copyFileSync(`${dir}/qmail-smtpd@.service`, `${dir}/qmail-smtpd@587.service`);
    const units = UNIT_NAMES.map((n) => n.replace("@.", "@587."));
    for (const unit of units) {
      const r = await new Deno.Command(analyze, {
        args: ["verify", `./${unit}`],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const msg = new TextDecoder().decode(r.stderr);
      assert.equal(r.code, 0, `${unit}: ${msg}`);
      assert.equal(msg.trim(), "", `${unit} verifies without warnings`);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("each daemon's unit has its own hardening and restarts", () => {
  for (const name of UNIT_NAMES) {
    const u = UNIT_FILES[name];
    for (const key of ["NoNewPrivileges", "ProtectSystem", "PrivateTmp", "Restart"]) {
      assert.ok(directive(u, key).length === 1, `${name} sets ${key}`);
    }
    assert.equal(directive(u, "ProtectSystem")[0], "strict", name);
    assert.equal(directive(u, "StandardOutput")[0], "journal", name);
    assert.ok(directive(u, "CapabilityBoundingSet")[0].length > 0, name);
    assert.ok(!directive(u, "CapabilityBoundingSet")[0].includes("CAP_SYS_ADMIN"), name);
  }
  const send = UNIT_FILES["qmail-send.service"];
  assert.deepEqual(directive(send, "ExecReload"), ["/bin/kill -HUP $MAINPID"]);
  assert.match(
    directive(send, "ExecStart")[0],
    /qmail-start "\$\(cat \/var\/qmail\/control\/defaultdelivery\)"/,
  );
  // Only the listeners may bind low ports.
  assert.ok(!directive(send, "CapabilityBoundingSet")[0].includes("NET_BIND"));
  for (const n of ["qmail-smtpd.service", "qmail-smtpd@.service"]) {
    const u = UNIT_FILES[n];
    assert.equal(directive(u, "ProtectHome")[0], "yes", n);
    assert.match(directive(u, "ExecStart")[0], /-u "\$\(id -u qmaild\)" -g "\$\(id -g qmaild\)"/);
  }
});

Deno.test("an SMTP unit refuses to start without control/rcpthosts (no open relay)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-units-" });
  try {
    const home = `${dir}/qmail`;
    Deno.mkdirSync(`${home}/control`, { recursive: true });
    Deno.writeTextFileSync(`${home}/control/me`, "mail.example\n");
    for (const name of ["qmail-smtpd.service", "qmail-smtpd@.service"]) {
      const text = renderUnit(name, { home, qmaild: "root" });
      const pre = directive(text, "ExecStartPre").map(shellOf);
      const refused = await sh(pre[0]);
      assert.equal(refused.code, 1, name);
      assert.match(refused.out, /No .*\/control\/rcpthosts!\nRefusing to start SMTP listener/);
      Deno.writeTextFileSync(`${home}/control/rcpthosts`, "mail.example\n");
      for (const p of pre) assert.equal((await sh(p)).code, 0, `${name}: ${p}`);
      Deno.removeSync(`${home}/control/rcpthosts`);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("units are fitted to the tree's home and daemon account", () => {
  const t = renderUnit("qmail-smtpd.service", { home: "/srv/mail", qmaild: "qmtqmaild" });
  assert.ok(!t.includes("/var/qmail"));
  assert.match(t, /-u "\$\$\(id -u qmtqmaild\)" -g "\$\$\(id -g qmtqmaild\)"/);
  assert.match(t, /ReadWritePaths=\/srv\/mail\/queue \/srv\/mail\/maildrop/);
});
