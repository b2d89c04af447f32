/**
 * dot-forward as a .qmail line runs it: its listing (`-n`) compared with
 * Debian's dot-forward 0.71 on the same files and controls, its deliveries
 * (forward with the Delivered-To line, commands fed UFLINE RPLINE DTLINE,
 * exit 99 or 0), and the qmail HOWTO's line `|dot-forward .forward` through
 * qmail-local.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ensureProgram, makeTree, queuedPaths, runQmail, type TempTree } from "./helpers.ts";
import { run } from "./tcpserver_fixture.ts";

const DELIVERY_ENV = {
  USER: "joe",
  HOST: "host.example",
  NEWSENDER: "sender@x.example",
  UFLINE: "From sender@x.example Sun Nov 22 09:00:00 2026\n",
  RPLINE: "Return-Path: <sender@x.example>\n",
  DTLINE: "Delivered-To: joe@host.example\n",
};

/** Runs `qmail dot-forward ARGS` in `cwd` with the delivery environment. */
async function dotForward(
  t: TempTree,
  cwd: string,
  args: string[],
  stdin = "Subject: t\n\nbody\n",
) {
  return await runQmail("dot-forward", args, { home: t.home, cwd, env: DELIVERY_ENV, stdin });
}

/** .forward files whose listing must agree with dot-forward 0.71's. */
const CORPUS = [
  'bob (Bob) @heaven.af.mil, "spaced out"@x.y\n# comment\nJoe Shmoe <shmoe@heaven.af.mil>\nfred\n',
  '"|vacation joe", bob@x.y\n\\joe\n',
  '"|first"\nbob@x.y, "|second" (two)\n',
  "a@b, c@d>\ne@f\n",
  "JOE@HOST.EXAMPLE\n",
  "joe\n",
  "a b c\n",
  "bob+x@y.z, x@y.z (c), <q@r.s>\na@b\n  c@d\n",
  "x@[1.2.3.4]\n|cmd arg\n",
  '"|cmd"@host\nbob@x.y # trailing\n',
  "a;b\n",
  "<a@b\n",
  "a@b>\n",
  "/var/mail/joe\n",
  ":include:/etc/list\n",
  "\n\n# nothing\n",
];

Deno.test({
  name: "dot-forward -n lists what Debian's dot-forward 0.71 lists, with the same exit code",
  ignore: Deno.uid() !== 0,
  async fn() {
    const real = await ensureProgram("dot-forward");
    if (!real) return console.log("skipped: dot-forward cannot be installed");
    // Debian's reads its controls from /var/lib/qmail/control: give it ours, unless one exists.
    const control = "/var/lib/qmail/control";
    try {
      Deno.statSync(control);
      return console.log(`skipped: ${control} belongs to this machine`);
    } catch {
      // ours for the test
    }
    using t = await makeTree("test.example");
    Deno.mkdirSync(control, { recursive: true });
    try {
      Deno.writeTextFileSync(`${control}/me`, "test.example\n");
      for (const [i, text] of CORPUS.entries()) {
        Deno.writeTextFileSync(`${t.dir}/f${i}`, text);
        const theirs = await run("/bin/sh", [
          "-c",
          `cd ${t.dir} && USER=joe HOST=host.example ${real} -n f${i} 2>&1`,
        ]);
        const ours = await dotForward(t, t.dir, ["-n", `f${i}`]);
        // dot-forward 0.71 ends "unable to parse this line" with the line's own newline too.
        assert.deepEqual(
          [ours.code, ours.stderr.trimEnd()],
          [theirs.code, theirs.stdout.trimEnd()],
          JSON.stringify(text),
        );
      }
    } finally {
      Deno.removeSync(control, { recursive: true });
    }
  },
});

Deno.test("dot-forward feeds commands UFLINE RPLINE DTLINE and the message, forwards with DTLINE from NEWSENDER, exits 99", async () => {
  using t = await makeTree("test.example");
  Deno.writeTextFileSync(`${t.dir}/.forward`, `bob@x.example, "|cat > ${t.dir}/piped"\nfred\n`);
  const r = await dotForward(t, t.dir, [".forward"]);
  assert.equal(r.code, 99, r.stderr);
  assert.equal(
    Deno.readTextFileSync(`${t.dir}/piped`),
    DELIVERY_ENV.UFLINE + DELIVERY_ENV.RPLINE + DELIVERY_ENV.DTLINE + "Subject: t\n\nbody\n",
  );
  const [q] = queuedPaths(t.home);
  assert.equal(
    Deno.readTextFileSync(`${t.home}/queue/${q.todo}`).replace(/^u\d+\0p\d+\0/, ""),
    "Fsender@x.example\0Tbob@x.example\0Tfred@test.example\0",
  );
  assert.match(
    Deno.readTextFileSync(`${t.home}/queue/${q.mess}`),
    /\nDelivered-To: joe@host\.example\nSubject: t\n\nbody\n$/,
  );
});

Deno.test("dot-forward exits 0 for direct delivery, for no file and for an empty one; 111 for a file delivery", async () => {
  using t = await makeTree("test.example");
  Deno.writeTextFileSync(`${t.dir}/direct`, "\\joe\n");
  Deno.writeTextFileSync(`${t.dir}/empty`, "# nothing yet\n");
  Deno.writeTextFileSync(`${t.dir}/file`, "/var/mail/joe\n");
  assert.equal((await dotForward(t, t.dir, ["direct"])).code, 0);
  assert.equal((await dotForward(t, t.dir, ["missing"])).code, 0);
  const empty = await dotForward(t, t.dir, ["empty", "missing"]);
  assert.deepEqual([empty.code, empty.stderr], [0, "skipping empty file empty\n"]);
  const file = await dotForward(t, t.dir, ["file"]);
  assert.deepEqual(
    [file.code, file.stderr],
    [111, "dot-forward: fatal: file delivery /var/mail/joe not supported\n"],
  );
  assert.equal(queuedPaths(t.home).length, 0);
  const usage = await runQmail("dot-forward", [], { home: t.home });
  assert.equal(usage.code, 100);
});

Deno.test("the qmail HOWTO's .qmail line, |dot-forward .forward then ./Maildir/, through qmail-local", async () => {
  using t = await makeTree("test.example");
  const h = `${t.dir}/joe`;
  for (const s of ["tmp", "new", "cur"]) Deno.mkdirSync(`${h}/Maildir/${s}`, { recursive: true });
  const deliver = async () =>
    await runQmail("qmail-local", [
      "joe",
      h,
      "joe",
      "",
      "",
      "host.example",
      "sender@x.example",
      "|dot-forward .forward\n./Maildir/\n",
    ], {
      home: t.home,
      env: { PATH: `${t.home}/bin:${Deno.env.get("PATH")}` },
      stdin: "Subject: howto\n\nhi\n",
    });
  // No .forward: dot-forward exits 0 and the Maildir line delivers.
  let r = await deliver();
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal([...Deno.readDirSync(`${h}/Maildir/new`)].length, 1);
  // A .forward that forwards: exit 99, so the Maildir line is skipped.
  Deno.writeTextFileSync(`${h}/.forward`, "bob@elsewhere.example\n");
  r = await deliver();
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal([...Deno.readDirSync(`${h}/Maildir/new`)].length, 1);
  const [q] = queuedPaths(t.home);
  assert.match(Deno.readTextFileSync(`${t.home}/queue/${q.todo}`), /\0Tbob@elsewhere\.example\0$/);
});
