/**
 * The local-delivery programs run the way qmail runs them: qmail-local with
 * its eight arguments and the message on stdin, qmail-lspawn talking JSON
 * lines, qmail-getpw, maildirmake and maildir2mbox.
 */

import assert from "node:assert/strict";
import { LspawnClient } from "../lib/local/lspawn.ts";
import { MAIN, makeTree, runQmail } from "./helpers.ts";

const MSG = "Subject: t\n\nFrom the start\n";

function home755(dir: string, name: string): string {
  const h = `${dir}/${name}`;
  Deno.mkdirSync(h, { mode: 0o755 });
  Deno.chmodSync(h, 0o755);
  return h;
}

Deno.test("qmail-local delivers stdin by the .qmail file and prints did F+W+P; -n describes", async () => {
  using t = await makeTree();
  const h = home755(t.dir, "joe");
  for (const s of ["tmp", "new", "cur"]) Deno.mkdirSync(`${h}/Maildir/${s}`, { recursive: true });
  Deno.writeTextFileSync(`${h}/.qmail-ext`, "./Maildir/\n./Mailbox\n");
  const args = ["joe", h, "joe-ext", "-", "ext", "example.com", "s@a.example", "./Mailbox"];
  const n = await runQmail("qmail-local", ["-n", ...args], { home: t.home });
  assert.deepEqual([n.code, n.stdout], [0, "maildir ./Maildir/\nmbox ./Mailbox\ndid 2+0+0\n"]);
  const r = await runQmail("qmail-local", args, { home: t.home, stdin: MSG });
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, "did 2+0+0\n", ""]);
  assert.match(Deno.readTextFileSync(`${h}/Mailbox`), /\n\n>From the start\n\n$/);
  const bad = await runQmail("qmail-local", args.slice(0, 7), { home: t.home });
  assert.equal(bad.code, 100);
  assert.match(bad.stderr, /^qmail-local: usage: qmail-local \[ -nN \] user homedir/);
  const none = await runQmail("qmail-local", [
    ...args.slice(0, 2),
    "joe-x",
    "-",
    "x",
    ...args.slice(5),
  ], {
    home: t.home,
    stdin: MSG,
  });
  assert.deepEqual([none.code, none.stderr], [
    100,
    "Sorry, no mailbox here by that name. (#5.1.1)\n",
  ]);
});

Deno.test("qmail-lspawn answers JSON lines; the empty mailbox is a trash address, hostless ones bounce", async () => {
  using t = await makeTree("test.example");
  const alias = `${t.home}/alias`;
  Deno.writeTextFileSync(`${alias}/.qmail-bob`, "./bob-mbox\n");
  Deno.chmodSync(`${alias}/.qmail-bob`, 0o644);
  const mess = `${t.dir}/mess`;
  Deno.writeTextFileSync(mess, MSG);
  Deno.env.set("QMAIL_SELF", MAIN);
  const lspawn = LspawnClient.spawn("./Mailbox\n", { QMAILHOME: t.home });
  const ask = (recipient: string, messagePath = mess) =>
    lspawn.deliver({ delivery: 3, id: 9, messagePath, sender: "s@a.example", recipient });
  const [bob, trash, hostless, missing] = await Promise.all([
    ask("bob@test.example"),
    ask("@test.example"),
    ask("bob"),
    ask("bob@test.example", `${t.dir}/nonexistent`),
  ]);
  await lspawn.close();
  assert.deepEqual(bob, { status: "success", text: "did_1+0+0/", report: "did 1+0+0\n" });
  assert.deepEqual(trash, { status: "success", text: "", report: "" });
  assert.deepEqual(hostless.report, "Sorry, address must include host name. (#5.1.3)\n");
  assert.equal(hostless.status, "failure");
  assert.deepEqual(missing.report, "qmail-spawn unable to open message. (#4.3.0)\n");
  assert.equal(missing.status, "deferral");
  assert.match(Deno.readTextFileSync(`${alias}/bob-mbox`), /^From s@a\.example /);
});

Deno.test("qmail-getpw prints six NUL-ended fields; the alias user catches unknown names", async () => {
  using t = await makeTree();
  const r = await runQmail("qmail-getpw", ["Nobody-Here"], { home: t.home });
  assert.equal(r.code, 0, r.stderr);
  const f = r.stdout.split("\0");
  assert.equal(f.length, 7);
  assert.deepEqual([f[3], f[4], f[5]], [`${Deno.realPathSync(t.home)}/alias`, "-", "Nobody-Here"]);
  assert.equal((await runQmail("qmail-getpw", [], { home: t.home })).code, 100);
});

Deno.test("maildirmake makes a 700 maildir; maildir2mbox moves its mail to $MAIL oldest first", async () => {
  using t = await makeTree();
  const md = `${t.dir}/Maildir`;
  const mk = await runQmail("maildirmake", [md], { home: t.home });
  assert.equal(mk.code, 0, mk.stderr);
  for (const d of ["", "/tmp", "/new", "/cur"]) {
    assert.equal(Deno.statSync(md + d).mode! & 0o777, 0o700);
  }
  const again = await runQmail("maildirmake", [md], { home: t.home });
  assert.equal(again.code, 111);
  assert.equal(
    again.stderr.trim(),
    `maildirmake: fatal: unable to mkdir ${md}: file already exists`,
  );
  Deno.writeTextFileSync(`${md}/new/2.b`, "Return-Path: <>\nSubject: second\n\nFrom x\n");
  Deno.writeTextFileSync(`${md}/cur/1.a:2,S`, "Return-Path: <a b@c>\nSubject: first\n\nbody\n");
  Deno.utimeSync(`${md}/cur/1.a:2,S`, 1000, 1000);
  Deno.utimeSync(`${md}/new/2.b`, 2000, 2000);
  Deno.writeTextFileSync(`${t.dir}/mbox`, "old\n");
  const r = await runQmail("maildir2mbox", [], {
    home: t.home,
    env: { MAILDIR: md, MAIL: `${t.dir}/mbox`, MAILTMP: `${t.dir}/mbox.tmp` },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    Deno.readTextFileSync(`${t.dir}/mbox`),
    "old\n" +
      "From a-b@c Thu Jan 01 00:16:40 1970\nReturn-Path: <a b@c>\nSubject: first\n\nbody\n\n" +
      "From MAILER-DAEMON Thu Jan 01 00:33:20 1970\nReturn-Path: <>\nSubject: second\n\n>From x\n\n",
  );
  assert.deepEqual([...Deno.readDirSync(`${md}/new`), ...Deno.readDirSync(`${md}/cur`)], []);
  const unset = await runQmail("maildir2mbox", [], { home: t.home });
  assert.deepEqual([unset.code, unset.stderr.trim()], [111, "maildir2mbox: fatal: MAIL not set"]);
});

Deno.test("except and bouncesaying exit codes; preline needs its environment", async () => {
  using t = await makeTree();
  assert.equal((await runQmail("except", ["true"], { home: t.home })).code, 100);
  assert.equal((await runQmail("except", ["false"], { home: t.home })).code, 0);
  assert.equal((await runQmail("except", ["sh", "-c", "exit 111"], { home: t.home })).code, 111);
  const b = await runQmail("bouncesaying", ["go away"], { home: t.home });
  assert.deepEqual([b.code, b.stderr], [100, "go away\n"]);
  assert.equal((await runQmail("bouncesaying", ["x", "false"], { home: t.home })).code, 0);
  const p = await runQmail("preline", ["cat"], { home: t.home, stdin: "x" });
  assert.deepEqual([p.code, p.stderr.trim()], [100, "preline: usage: preline cmd [ arg ... ]"]);
  const ok = await runQmail("preline", ["-f", "cat"], {
    home: t.home,
    stdin: "body\n",
    env: { UFLINE: "From x\n", RPLINE: "Return-Path: <x>\n", DTLINE: "Delivered-To: y\n" },
  });
  assert.deepEqual([ok.code, ok.stdout], [0, "Return-Path: <x>\nDelivered-To: y\nbody\n"]);
});
