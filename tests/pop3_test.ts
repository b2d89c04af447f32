/**
 * The POP3 chain end to end under the built-in tcpserver: `qmail-popup pop.test checkpassword qmail-pop3d
 * Maildir` on a loopback port (see pop3_fixture.ts), driven by Python's
 * poplib; as root qmail-pop3d runs as a real system user made for the test.
 *
 * @module
 */

import assert from "node:assert/strict";
import { asDelivered, maildirNames, popFixture, sampleMessages } from "./pop3_fixture.ts";

const POPLIB = new URL("./pop3_poplib.py", import.meta.url).pathname;

async function poplib(
  port: number,
  user: string,
  password: string,
  mode: string,
  dele: number[] = [],
) {
  const out = await new Deno.Command("python3", {
    args: [POPLIB, String(port), user, password, mode, ...dele.map(String)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

Deno.test("poplib fetches every message byte for byte; DELE then QUIT removes exactly those", async () => {
  const messages = sampleMessages();
  await using f = await popFixture(messages);
  const r = await poplib(f.port, f.user, f.password, "fetch", [1, 3]);
  assert.match(r.welcome, /^\+OK <[0-9]+\.[0-9]+@pop\.test>$/);
  assert.equal(r.auth, "+OK ");
  const sizes = messages.map(([, b]) => b.length);
  assert.deepEqual(r.stat, [3, sizes.reduce((a, b) => a + b)]);
  assert.deepEqual(r.list, sizes.map((s, i) => `${i + 1} ${s}`));
  assert.deepEqual(r.uidl, messages.map(([name], i) => `${i + 1} ${name}`));
  assert.equal(new TextDecoder().decode(b64(r.top)), "Subject: plain\nFrom: a@b\n\n\n");
  r.messages.forEach((m: string, i: number) =>
    assert.deepEqual(b64(m), asDelivered(messages[i][1]))
  );
  assert.equal(r.quit, "+OK ");
  assert.deepEqual(maildirNames(f.maildir, "new"), []);
  assert.deepEqual(maildirNames(f.maildir, "cur"), [`${messages[1][0]}:2,`]);
  if (Deno.uid() === 0) {
    assert.equal(Deno.statSync(`${f.maildir}/cur/${messages[1][0]}:2,`).uid, f.uid);
  }
});

Deno.test("a dropped connection removes and moves nothing", async () => {
  const messages = sampleMessages();
  await using f = await popFixture(messages);
  const r = await poplib(f.port, f.user, f.password, "drop", [1, 2, 3]);
  assert.equal(r.auth, "+OK ");
  await f.settled();
  assert.deepEqual(maildirNames(f.maildir, "new"), messages.map(([n]) => n).sort());
});

Deno.test("APOP logs in with the secret from the password file", async () => {
  await using f = await popFixture(sampleMessages());
  const r = await poplib(f.port, f.user, f.apopSecret, "apop");
  assert.equal(r.auth, "+OK ");
  assert.equal(r.stat[0], 3);
  const bad = await poplib(f.port, f.user, "not the secret", "apop");
  assert.equal(bad.error, "-ERR authorization failed");
});

Deno.test("a wrong password and an unknown user are refused alike, and logged", async () => {
  await using f = await popFixture(sampleMessages());
  const wrong = await poplib(f.port, f.user, "wrong", "login");
  assert.equal(wrong.error, "-ERR authorization failed");
  const unknown = await poplib(f.port, "nosuchuser", "wrong", "login");
  assert.equal(unknown.error, "-ERR authorization failed");
  assert.match(f.log(), new RegExp(`wrong password for "${f.user}" from 127\\.0\\.0\\.1`));
  assert.match(f.log(), /unknown user for "nosuchuser" from 127\.0\.0\.1/);
  assert.deepEqual(maildirNames(f.maildir, "new").length, 3);
});

Deno.test("as root, qmail-pop3d runs as the user: a root-only file in the Maildir cannot be read", {
  ignore: Deno.uid() !== 0,
}, async () => {
  await using f = await popFixture([["1700000001.M1P1.pop.test", "Subject: x\n\nsecret\n"]]);
  await Deno.chown(`${f.maildir}/new/1700000001.M1P1.pop.test`, 0, 0);
  await Deno.chmod(`${f.maildir}/new/1700000001.M1P1.pop.test`, 0o600);
  const script = [
    "import poplib,sys",
    `c=poplib.POP3('127.0.0.1',${f.port})`,
    `c.user(${JSON.stringify(f.user)});c.pass_(${JSON.stringify(f.password)})`,
    "try:\n  c.retr(1)\nexcept poplib.error_proto as e:\n  print(e.args[0].decode())",
    "c.quit()",
  ].join("\n");
  const out = await new Deno.Command("python3", { args: ["-c", script], stdout: "piped" }).output();
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "-ERR unable to open that message");
});
