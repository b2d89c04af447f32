import assert from "node:assert/strict";
import { DENO_RUN, MAIN, makeTree, runQmail } from "./helpers.ts";
import { programs } from "../cmd/registry.ts";
import { pickProgram } from "../lib/sandbox/dispatch.ts";

async function runRaw(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("qmail --list prints every program with its one-line summary", async () => {
  const r = await runRaw(["--list"]);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, Object.keys(programs).length);
  for (const [name, spec] of Object.entries(programs)) {
    assert.ok(lines.some((l) => l.startsWith(name + " ") && l.endsWith(spec.summary)), name);
  }
});

Deno.test("qmail <program> --help prints the program's usage and exits 0", async () => {
  const r = await runRaw(["qmail-inject", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: qmail-inject /);
});

Deno.test("an unknown program is a usage error on stderr with a non-zero exit", async () => {
  const r = await runRaw(["qmail-frobnicate"]);
  assert.equal(r.code, 100);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /unknown program: qmail-frobnicate/);
  assert.match(r.stderr, /usage: qmail <program>/);
});

Deno.test("qmail with no program prints usage and exits 100", async () => {
  const r = await runRaw([]);
  assert.equal(r.code, 100);
  assert.match(r.stdout, /usage: qmail <program>/);
});

Deno.test("dispatch picks argv[0]'s basename, then the script's, then the first argument", () => {
  assert.deepEqual(pickProgram("/var/qmail/bin/sendmail", undefined, ["-t"]), {
    program: "sendmail",
    args: ["-t"],
  });
  assert.deepEqual(pickProgram("deno", "file:///var/qmail/bin/qmail-qstat", []), {
    program: "qmail-qstat",
    args: [],
  });
  assert.deepEqual(pickProgram("qmail", "file:///opt/main.ts", ["qmail-qread", "x"]), {
    program: "qmail-qread",
    args: ["x"],
  });
});

Deno.test("install-links makes a symlink per program that runs that program", async () => {
  using t = await makeTree("test.example");
  const bin = `${t.dir}/links`;
  await Deno.mkdir(bin);
  const r = await runQmail("install-links", [bin]);
  assert.equal(r.code, 0, r.stderr);
  for (const name of Object.keys(programs)) {
    assert.equal(Deno.readLinkSync(`${bin}/${name}`), MAIN);
  }
  // Through the link and main.ts's shebang, as a user would type it.
  const out = await new Deno.Command(`${bin}/qmail-qstat`, {
    env: { QMAILHOME: t.home, PATH: `${Deno.execPath().replace(/\/[^/]*$/, "")}:/usr/bin:/bin` },
    stdout: "piped",
  }).output();
  assert.equal(out.code, 0);
  assert.match(new TextDecoder().decode(out.stdout), /^messages in queue: 0\n/);
});

Deno.test("install-links without a directory is a usage error", async () => {
  const r = await runQmail("install-links", []);
  assert.equal(r.code, 100);
  assert.match(r.stderr, /usage: install-links DIR/);
});
