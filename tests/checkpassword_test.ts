/**
 * checkpassword and qmail-popup through main.ts, each against the other
 * side of D. J. Bernstein's interface played by the shell: checkpassword
 * reading descriptor 3 from a pipe, and qmail-popup handing its descriptor 3
 * to an external checkpassword script.
 *
 * @module
 */

import assert from "node:assert/strict";
import { DENO_RUN, MAIN } from "./helpers.ts";
import { shaCrypt } from "../lib/auth/sha_crypt.ts";

const isRoot = Deno.uid() === 0;

interface Setup extends AsyncDisposable {
  dir: string;
  home: string;
  user: string;
  uid: number;
  userHome: string;
}

async function setup(): Promise<Setup> {
  const dir = await Deno.makeTempDir({ prefix: "qmt-cp-" });
  await Deno.chmod(dir, 0o755);
  const home = `${dir}/qmail`;
  const userHome = `${dir}/home`;
  await Deno.mkdir(`${home}/control`, { recursive: true });
  await Deno.mkdir(userHome);
  let user = "cpuser";
  let uid = Deno.uid()!;
  let ids = `${uid}:${Deno.gid()}:${userHome}:/bin/sh`;
  if (isRoot) {
    user = `qmt${crypto.randomUUID().slice(0, 8)}`;
    const add = await new Deno.Command("useradd", { args: ["-M", "-d", userHome, user] }).output();
    assert.ok(add.success);
    const id = await new Deno.Command("id", { args: ["-u", user], stdout: "piped" }).output();
    uid = Number(new TextDecoder().decode(id.stdout));
    ids = `:::/bin/sh`;
  }
  const hash = shaCrypt("pw", "$6$rounds=1000$cptest");
  await Deno.writeTextFile(`${home}/control/poppasswd`, `${user}:${hash}:${ids}:\n`);
  return {
    dir,
    home,
    user,
    uid,
    userHome,
    async [Symbol.asyncDispose]() {
      if (isRoot) await new Deno.Command("userdel", { args: [user] }).output();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Runs `qmail checkpassword prog…` with `input` on descriptor 3 (a pipe, as qmail-popup gives). */
async function checkpassword(s: Setup, input: string, prog: string[], fd3 = true) {
  const script = fd3 ? 'exec "$@" 3<&0 0</dev/null' : 'exec "$@" 3<&- 0</dev/null';
  const child = new Deno.Command("/bin/sh", {
    args: ["-c", script, "sh", Deno.execPath(), ...DENO_RUN, "checkpassword", ...prog],
    env: { QMAILHOME: s.home, CHECKPASSWORD_DELAY: "0", TCPREMOTEIP: "192.0.2.1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(input));
  await w.close();
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const SHOW = ["/bin/sh", "-c", 'echo "$USER|$HOME|$SHELL|$(pwd)|$(id -u)"'];

Deno.test("checkpassword runs the program as the user, with USER, HOME, SHELL, in the home", async () => {
  await using s = await setup();
  const r = await checkpassword(s, `${s.user}\0pw\0<1.2@h>\0`, SHOW);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${s.user}|${s.userHome}|/bin/sh|${s.userHome}|${s.uid}\n`);
});

Deno.test("checkpassword exits 1 for a wrong password or an unknown user, and logs both", async () => {
  await using s = await setup();
  const wrong = await checkpassword(s, `${s.user}\0nope\0<1.2@h>\0`, SHOW);
  assert.equal(wrong.code, 1);
  assert.equal(wrong.stdout, "");
  assert.match(wrong.stderr, new RegExp(`wrong password for "${s.user}" from 192\\.0\\.2\\.1`));
  const unknown = await checkpassword(s, `nobody\0pw\0<1.2@h>\0`, SHOW);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown user for "nobody" from 192\.0\.2\.1/);
});

Deno.test("checkpassword exits 2 when misused: no descriptor 3, malformed input, no program", async () => {
  await using s = await setup();
  assert.equal((await checkpassword(s, "", SHOW, false)).code, 2);
  assert.equal((await checkpassword(s, `${s.user}\0pw`, SHOW)).code, 2);
  assert.equal((await checkpassword(s, `${s.user}\0pw\0\0`, [])).code, 2);
});

Deno.test("checkpassword refuses input longer than 512 bytes", async () => {
  await using s = await setup();
  const r = await checkpassword(s, `${s.user}\0${"x".repeat(600)}\0\0`, SHOW);
  assert.equal(r.code, 1);
});

Deno.test("qmail-popup hands name, password and timestamp to an external checkpassword on fd 3", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-popup-" });
  try {
    const fake = `${dir}/fake-checkpassword`;
    // Any program following the interface: this one saves fd 3 and says who it ran.
    await Deno.writeTextFile(
      fake,
      `#!/bin/sh\ncat <&3 > ${dir}/fd3\necho "+OK fake $*"\nexit 0\n`,
      { mode: 0o755 },
    );
    const run = async (input: string, exitFake?: number) => {
      if (exitFake !== undefined) {
        await Deno.writeTextFile(fake, `#!/bin/sh\ncat <&3 > ${dir}/fd3\nexit ${exitFake}\n`);
      }
      const child = new Deno.Command(Deno.execPath(), {
        args: [...DENO_RUN, "qmail-popup", "pop.example", fake, "next", "arg"],
        env: { QMAIL_SELF: MAIN },
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode(input));
      await w.close();
      const out = await child.output();
      return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
    };
    const ok = await run("USER joe\r\nPASS two words\r\n");
    const lines = ok.stdout.split("\r\n");
    const ts = /^\+OK (<[0-9]+\.[0-9]+@pop\.example>)$/.exec(lines[0])?.[1];
    assert.ok(ts, lines[0]);
    assert.deepEqual(lines.slice(1), ["+OK ", "+OK fake next arg\n"]);
    assert.equal(ok.code, 1);
    assert.equal(Deno.readTextFileSync(`${dir}/fd3`), `joe\0two words\0${ts}\0`);

    const refused = await run("APOP joe 0123456789abcdef0123456789abcdef\r\n", 1);
    assert.match(refused.stdout, /^\+OK <.*>\r\n-ERR authorization failed\r\n$/);
    assert.match(
      Deno.readTextFileSync(`${dir}/fd3`),
      new RegExp("^joe\0" + "0123456789abcdef".repeat(2) + "\0<.*>\0$"),
    );

    const crashed = await run("USER joe\r\nPASS x\r\n", -1);
    assert.match(crashed.stdout, /-ERR (aack, child crashed|authorization failed)\r\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("qmail-popup answers QUIT and refuses transaction commands before login", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, "qmail-popup", "pop.example", "/bin/false"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = out.stdin.getWriter();
  await w.write(new TextEncoder().encode("STAT\r\nNOOP\r\nPASS x\r\nQUIT\r\n"));
  await w.close();
  const r = await out.output();
  assert.equal(r.code, 1);
  const lines = new TextDecoder().decode(r.stdout).split("\r\n");
  assert.deepEqual(lines.slice(1), [
    "-ERR authorization first",
    "+OK ",
    "-ERR USER first",
    "+OK ",
    "",
  ]);
});
