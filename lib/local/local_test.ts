import assert from "node:assert/strict";
import { type LocalArgs, type LocalContext, qmailLocal } from "./local.ts";
import { spoolMessage } from "./worker.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const MSG = "Subject: hi\n\nbody\nFrom here\n";

interface Fixture extends Disposable {
  home: string;
  forwards: { message: string; sender: string; recipients: string[] }[];
  ctx: LocalContext;
  args(local: string, dash: string, ext: string, more?: Partial<LocalArgs>): LocalArgs;
  qmail(name: string, text: string, mode?: number): void;
}

function fixture(): Fixture {
  const home = Deno.makeTempDirSync({ prefix: "qmt-local-" });
  Deno.chmodSync(home, 0o755);
  const forwards: Fixture["forwards"] = [];
  return {
    home,
    forwards,
    ctx: {
      qmailHome: "/nonexistent-qmail",
      baseEnv: { PATH: "/usr/bin:/bin" },
      forward: (parts, sender, recipients) => {
        forwards.push({
          message: parts.map((p) => new TextDecoder().decode(p)).join(""),
          sender,
          recipients,
        });
        return Promise.resolve(4242);
      },
      spool: spoolMessage,
      now: () => new Date(Date.UTC(2024, 0, 5, 9, 3, 7)),
    },
    args: (local, dash, ext, more = {}) => ({
      user: "bob",
      home,
      local,
      dash,
      ext,
      host: "nowhere.mil",
      sender: "joe@a.example",
      defaultDelivery: "./Mailbox\n",
      ...more,
    }),
    qmail(name, text, mode = 0o644) {
      Deno.writeTextFileSync(`${home}/${name}`, text);
      Deno.chmodSync(`${home}/${name}`, mode);
    },
    [Symbol.dispose]: () => Deno.removeSync(home, { recursive: true }),
  };
}

const run = (f: Fixture, a: LocalArgs, msg = MSG) => qmailLocal(a, { bytes: enc(msg) }, f.ctx);

Deno.test("no .qmail for the bare user: the default delivery (./Mailbox), did 1+0+0", async () => {
  using f = fixture();
  const o = await run(f, f.args("bob", "", ""));
  assert.deepEqual(o, { code: 0, output: "did 1+0+0\n" });
  assert.equal(
    Deno.readTextFileSync(`${f.home}/Mailbox`),
    "From joe@a.example Fri Jan 05 09:03:07 2024\nReturn-Path: <joe@a.example>\n" +
      "Delivered-To: bob@nowhere.mil\nSubject: hi\n\nbody\n>From here\n\n",
  );
});

Deno.test("an empty .qmail means the default delivery too; a missing .qmail-ext bounces", async () => {
  using f = fixture();
  f.qmail(".qmail", "");
  assert.equal((await run(f, f.args("bob", "", ""))).code, 0);
  const o = await run(f, f.args("bob-nope", "-", "nope"));
  assert.deepEqual(o, { code: 100, output: "Sorry, no mailbox here by that name. (#5.1.1)\n" });
});

Deno.test("virtual-domain style: .qmail-nowhere-default catches the rest, DEFAULT and EXT set", async () => {
  using f = fixture();
  f.qmail(".qmail-nowhere-info", "./info/\n");
  f.qmail(".qmail-nowhere-default", '|echo "$DEFAULT|$EXT|$EXT2|$LOCAL|$RECIPIENT|$HOST2"\n');
  for (const s of ["tmp", "new", "cur"]) Deno.mkdirSync(`${f.home}/info/${s}`, { recursive: true });
  const info = await run(f, f.args("bob-nowhere-info", "-", "nowhere-info"));
  assert.deepEqual(info, { code: 0, output: "did 1+0+0\n" });
  const [name] = [...Deno.readDirSync(`${f.home}/info/new`)].map((e) => e.name);
  assert.equal(
    Deno.readTextFileSync(`${f.home}/info/new/${name}`),
    "Return-Path: <joe@a.example>\nDelivered-To: bob-nowhere-info@nowhere.mil\n" + MSG,
  );
  const other = await run(f, f.args("bob-nowhere-Sales", "-", "nowhere-Sales"));
  assert.deepEqual(other, {
    code: 0,
    output: "Sales|nowhere-Sales|Sales|bob-nowhere-Sales|bob-nowhere-Sales@nowhere.mil|nowhere\n" +
      "did 0+0+1\n",
  });
});

Deno.test("dots and uppercase in the extension find .qmail-p:d:q:bach", async () => {
  using f = fixture();
  f.qmail(".qmail-p:d:q:bach", "./bach\n");
  assert.equal((await run(f, f.args("P.D.Q.Bach", "-", "P.D.Q.Bach"))).code, 0);
  assert.ok(Deno.readTextFileSync(`${f.home}/bach`).includes("Delivered-To: P.D.Q.Bach@"));
});

Deno.test("program lines: raw message on stdin, 99 stops, 100 and 64 bounce, 111 and others defer", async () => {
  using f = fixture();
  f.qmail(".qmail-p", "|cat; echo to-stderr >&2\n|exit 99\n./never\n");
  const p = await run(f, f.args("bob-p", "-", "p"));
  assert.deepEqual(p, { code: 0, output: MSG + "to-stderr\ndid 0+0+2\n" });
  assert.throws(() => Deno.statSync(`${f.home}/never`));
  for (const [code, want] of [[100, 100], [64, 100], [112, 100], [111, 111], [1, 111]]) {
    f.qmail(".qmail-x", `|echo failing; exit ${code}\n`);
    assert.deepEqual(await run(f, f.args("bob-x", "-", "x")), { code: want, output: "failing\n" });
  }
  f.qmail(".qmail-k", "|kill -9 $$\n");
  assert.deepEqual(await run(f, f.args("bob-k", "-", "k")), {
    code: 111,
    output: "Aack, child crashed. (#4.3.0)\n",
  });
});

Deno.test("a program runs in the home directory with umask 077 and may re-read its seekable stdin", async () => {
  using f = fixture();
  f.qmail(".qmail-s", "|pwd; umask; head -1; head -c 1000 /dev/stdin | wc -c\n");
  const o = await run(f, f.args("bob-s", "-", "s"));
  const lines = o.output.split("\n");
  assert.equal(lines[0], Deno.realPathSync(f.home));
  assert.equal(lines[1], "0077");
  assert.equal(lines[2], "Subject: hi");
});

Deno.test("forward lines go out last, with Delivered-To and NEWSENDER; -owner and VERP", async () => {
  using f = fixture();
  f.qmail(".qmail-sos", "a@x.example\n&b@y.example\n# c\n./sos\n");
  const o = await run(f, f.args("bob-sos", "-", "sos"));
  assert.deepEqual(o, { code: 0, output: "did 1+2+0\nqp 4242\n" });
  assert.deepEqual(f.forwards[0], {
    message: "Delivered-To: bob-sos@nowhere.mil\n" + MSG,
    sender: "joe@a.example",
    recipients: ["a@x.example", "b@y.example"],
  });
  f.qmail(".qmail-sos-owner", "./owner\n");
  await run(f, f.args("bob-sos", "-", "sos"));
  assert.equal(f.forwards[1].sender, "bob-sos-owner@nowhere.mil");
  f.qmail(".qmail-sos-owner-default", "./owner\n");
  await run(f, f.args("bob-sos", "-", "sos"));
  assert.equal(f.forwards[2].sender, "bob-sos-owner-@nowhere.mil-@[]");
  await run(f, f.args("bob-sos", "-", "sos", { sender: "" }));
  assert.equal(f.forwards[3].sender, "");
});

Deno.test("a failed instruction stops everything, forwards included", async () => {
  using f = fixture();
  f.qmail(".qmail-f", "a@x.example\n|exit 100\n");
  assert.equal((await run(f, f.args("bob-f", "-", "f"))).code, 100);
  assert.equal(f.forwards.length, 0);
  f.ctx.forward = () => Promise.reject({ status: "Zqq write error or disk full (#4.3.0)" });
  f.qmail(".qmail-g", "a@x.example\n");
  assert.deepEqual(await run(f, f.args("bob-g", "-", "g")), {
    code: 111,
    output: "Unable to forward message: qq write error or disk full (#4.3.0).\n",
  });
});

Deno.test("loops, blank first lines, x bit, writable .qmail and home, sticky home", async () => {
  using f = fixture();
  const looping = "Delivered-To: bob@nowhere.mil\n" + MSG;
  assert.deepEqual(await run(f, f.args("bob", "", ""), looping), {
    code: 100,
    output: "This message is looping: it already has my Delivered-To line. (#5.4.6)\n",
  });
  f.qmail(".qmail-b", "\n./x\n");
  assert.equal(
    (await run(f, f.args("bob-b", "-", "b"))).output,
    "Uh-oh: first line of .qmail file is blank. (#4.2.1)\n",
  );
  f.qmail(".qmail-l", "a@b.example\n./x\n", 0o744);
  assert.deepEqual(await run(f, f.args("bob-l", "-", "l")), {
    code: 111,
    output: "Uh-oh: .qmail has file delivery but has x bit set. (#4.7.0)\n",
  });
  f.qmail(".qmail-l2", "+list\n|true\n");
  assert.equal(
    (await run(f, f.args("bob-l2", "-", "l2"))).output,
    "Uh-oh: .qmail has prog delivery but has x bit set. (#4.7.0)\n",
  );
  f.qmail(".qmail-w", "./x\n", 0o646);
  assert.equal(
    (await run(f, f.args("bob-w", "-", "w"))).output,
    "Uh-oh: .qmail file is writable. (#4.7.0)\n",
  );
  Deno.chmodSync(f.home, 0o1755);
  assert.deepEqual(await run(f, f.args("bob", "", "")), {
    code: 111,
    output: "Home directory is sticky: user is editing his .qmail file. (#4.2.1)\n",
  });
  assert.equal(
    (await run(f, f.args("bob", "", "", { doit: false }))).output,
    "Warning: home directory is sticky.\nmbox ./Mailbox\ndid 1+0+0\n",
  );
  Deno.chmodSync(f.home, 0o757);
  assert.equal(
    (await run(f, f.args("bob", "", ""))).output,
    "Uh-oh: home directory is writable. (#4.7.0)\n",
  );
  Deno.chmodSync(f.home, 0o755);
  assert.deepEqual(await run(f, f.args("bob", "", "", { home: `${f.home}/gone` })), {
    code: 111,
    output: `Unable to switch to ${f.home}/gone: file does not exist. (#4.3.0)\n`,
  });
});
