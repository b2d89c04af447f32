/**
 * Real POP3 clients against the built-in tcpserver running `qmail-popup pop.test checkpassword
 * qmail-pop3d Maildir` on a loopback port (pop3_fixture.ts): fetchmail, mpop,
 * curl and Python's poplib fetch a Maildir holding a plain message, one with
 * dot-leading lines, an 8-bit one and a 20 MB one, and what each delivers is
 * compared byte for byte with the files (plus qmail-pop3d's extra blank
 * line). The Debian packages are installed by the test when missing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ensureProgram } from "./helpers.ts";
import { asDelivered, maildirNames, popFixture, sampleMessages } from "./pop3_fixture.ts";

const BIG = 20 * 1024 * 1024;

/** The message as curl writes it: CRLF line ends, dots unstuffed, the extra blank line. */
function asCurlWrites(file: Uint8Array): Uint8Array {
  const lf = asDelivered(file);
  const out: number[] = [];
  for (const b of lf) {
    if (b === 10) out.push(13);
    out.push(b);
  }
  return new Uint8Array(out);
}

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

/** Asserts that the files in `dir` are exactly the messages as delivered (any order). */
function assertDelivered(dir: string, messages: [string, Uint8Array][]) {
  const got = [...Deno.readDirSync(dir)].filter((e) => e.isFile)
    .map((e) => Deno.readFileSync(`${dir}/${e.name}`));
  assert.equal(got.length, messages.length);
  const want = messages.map(([, m]) => asDelivered(m));
  got.sort((a, b) => a.length - b.length);
  want.sort((a, b) => a.length - b.length);
  got.forEach((g, i) => assert.ok(equalBytes(g, want[i]), `message ${i} differs`));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

Deno.test("fetchmail fetches and deletes every message, byte for byte", async () => {
  const fetchmail = await ensureProgram("fetchmail");
  if (!fetchmail) return console.log("skipped: fetchmail cannot be installed");
  const messages = sampleMessages(BIG);
  await using f = await popFixture(messages);
  const out = `${f.dir}/fetched`;
  Deno.mkdirSync(out);
  const rc = `${f.dir}/fetchmailrc`;
  Deno.writeTextFileSync(
    rc,
    [
      "set no bouncemail",
      `poll 127.0.0.1 service ${f.port} protocol pop3 auth password timeout 300:`,
      `  user "${f.user}" password "${f.password}" is root here`,
      `  mda "/bin/sh -c 'cat > ${out}/msg.$$'"`,
      "  no rewrite fetchall sslproto ''",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const r = await run(fetchmail, ["-f", rc, "--nosyslog", "--invisible"], {
    HOME: f.dir,
    FETCHMAILHOME: f.dir,
  });
  assert.equal(r.code, 0, r.stderr);
  assertDelivered(out, messages);
  await f.settled();
  assert.deepEqual(maildirNames(f.maildir, "new"), []);
  assert.deepEqual(maildirNames(f.maildir, "cur"), []);
});

Deno.test("mpop fetches into a Maildir and deletes, byte for byte", async () => {
  const mpop = await ensureProgram("mpop");
  if (!mpop) return console.log("skipped: mpop cannot be installed");
  const messages = sampleMessages(BIG);
  await using f = await popFixture(messages);
  const out = `${f.dir}/fetched`;
  for (const sub of ["new", "cur", "tmp"]) Deno.mkdirSync(`${out}/${sub}`, { recursive: true });
  Deno.writeTextFileSync(`${f.dir}/mpoprc`, "", { mode: 0o600 });
  const r = await run(mpop, [
    "-C",
    `${f.dir}/mpoprc`,
    `--uidls-file=${f.dir}/uidls`,
    "--host=127.0.0.1",
    `--port=${f.port}`,
    `--user=${f.user}`,
    `--passwordeval=printf '%s' '${f.password}'`,
    "--auth=user",
    "--tls=off",
    `--delivery=maildir,${out}`,
    "--received-header=off",
    "--keep=off",
    "--quiet",
  ], { HOME: f.dir });
  assert.equal(r.code, 0, r.stderr);
  assertDelivered(`${out}/new`, messages);
  await f.settled();
  assert.deepEqual(maildirNames(f.maildir, "new"), []);
  assert.deepEqual(maildirNames(f.maildir, "cur"), []);
});

Deno.test("curl pop3:// lists and retrieves with APOP byte for byte; DELE removes exactly one", async () => {
  const curl = await ensureProgram("curl");
  if (!curl) return console.log("skipped: curl cannot be installed");
  const messages = sampleMessages(BIG);
  await using f = await popFixture(messages);
  // curl answers a greeting with a timestamp with APOP (the secret from the password file).
  const auth = ["-s", "-S", "--user", `${f.user}:${f.apopSecret}`];
  const base = `pop3://127.0.0.1:${f.port}`;
  const list = await run(curl, [...auth, `${base}/`]);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(
    new TextDecoder().decode(list.stdout),
    messages.map(([, m], i) => `${i + 1} ${m.length}\r\n`).join(""),
  );
  for (let i = 0; i < messages.length; i++) {
    const r = await run(curl, [...auth, `${base}/${i + 1}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(equalBytes(r.stdout, asCurlWrites(messages[i][1])), `message ${i + 1} differs`);
  }
  const dele = await run(curl, [...auth, "-X", "DELE", "-I", `${base}/2`]);
  assert.equal(dele.code, 0, dele.stderr);
  await f.settled();
  const left = messages.filter((_, i) => i !== 1).map(([n]) => `${n}:2,`).sort();
  assert.deepEqual(maildirNames(f.maildir, "cur"), left);
  assert.deepEqual(maildirNames(f.maildir, "new"), []);
});

Deno.test("curl with a wrong APOP secret is refused and nothing changes", async () => {
  const curl = await ensureProgram("curl");
  if (!curl) return console.log("skipped: curl cannot be installed");
  const messages = sampleMessages();
  await using f = await popFixture(messages);
  const r = await run(curl, ["-s", "--user", `${f.user}:wrong`, `pop3://127.0.0.1:${f.port}/1`]);
  assert.equal(r.code, 67);
  await f.settled();
  assert.deepEqual(maildirNames(f.maildir, "new"), messages.map(([n]) => n).sort());
});

Deno.test("poplib retrieves the 20 MB message byte for byte", async () => {
  const messages = sampleMessages(BIG).slice(3);
  await using f = await popFixture(messages);
  const script = [
    "import poplib,sys",
    `c=poplib.POP3('127.0.0.1',${f.port},timeout=300)`,
    `c.user(${JSON.stringify(f.user)});c.pass_(${JSON.stringify(f.password)})`,
    "sys.stdout.buffer.write(b'\\n'.join(c.retr(1)[1])+b'\\n')",
    "c.quit()",
  ].join("\n");
  const r = await run("python3", ["-c", script]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(equalBytes(r.stdout, asDelivered(messages[0][1])));
});
