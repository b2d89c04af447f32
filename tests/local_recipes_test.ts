/**
 * The local-delivery half of the qmail FAQ's recipes, through the deliverer
 * qmail-send uses in a single-user tree (lib/local, in-process), with real
 * helper programs from QMAILHOME/bin: virtual domains, forwarding
 * unrecognized names, a mailing list with an owner, aliases with dots,
 * procmail-style `| preline`, and deferring while a user's home is missing
 * when users/assign says so (FAQ 4.9).
 */

import assert from "node:assert/strict";
import { openLocalDeliverer } from "../lib/local/mod.ts";
import type { LocalDeliverer } from "../lib/local/deliverer.ts";
import { makeTree, runQmail, type TempTree } from "./helpers.ts";

const MSG = "From: joe@a.example\nSubject: recipe\n\nhello\n";

interface Setup extends Disposable {
  t: TempTree;
  d: LocalDeliverer;
  deliver(recipient: string, sender?: string): ReturnType<LocalDeliverer["deliver"]>;
  qmail(path: string, text: string): void;
  maildir(path: string): void;
  queued(): { sender: string; recipients: string[]; message: string }[];
}

async function setup(): Promise<Setup> {
  const t = await makeTree("my.host.example");
  // No qmail-send reads the trigger here: without the FIFO, queueing never waits on it.
  Deno.removeSync(`${t.home}/queue/lock/trigger`);
  const mess = `${t.dir}/mess`;
  Deno.writeTextFileSync(mess, MSG);
  const d = openLocalDeliverer(t.home, { defaultDelivery: "./Mailbox\n" });
  return {
    t,
    d,
    deliver: (recipient, sender = "joe@a.example") =>
      d.deliver({ delivery: 1, id: 1, messagePath: mess, sender, recipient }),
    qmail(path, text) {
      Deno.writeTextFileSync(path, text);
      Deno.chmodSync(path, 0o644);
    },
    maildir(path) {
      for (const s of ["tmp", "new", "cur"]) Deno.mkdirSync(`${path}/${s}`, { recursive: true });
    },
    queued() {
      const out = [];
      for (const e of Deno.readDirSync(`${t.home}/queue/todo`)) {
        const id = Number(e.name);
        const fields = Deno.readTextFileSync(`${t.home}/queue/todo/${id}`).split("\0");
        const env = {
          sender: fields.find((f) => f.startsWith("F"))!.slice(1),
          recipients: fields.filter((f) => f.startsWith("T")).map((f) => f.slice(1)),
        };
        const message = Deno.readTextFileSync(`${t.home}/queue/mess/${id % 23}/${id}`);
        out.push({ ...env, message });
      }
      return out;
    },
    [Symbol.dispose]() {
      t[Symbol.dispose]();
    },
  };
}

function newFiles(dir: string): string[] {
  return [...Deno.readDirSync(`${dir}/new`)].map((e) =>
    Deno.readTextFileSync(`${dir}/new/${e.name}`)
  );
}

Deno.test("FAQ 3.2/3.3: virtual domains for bob through users/assign, ~bob/.qmail-default and -info", async () => {
  using s = await setup();
  const bob = `${s.t.dir}/bob`;
  Deno.mkdirSync(bob, { mode: 0o755 });
  Deno.writeTextFileSync(
    `${s.t.home}/users/assign`,
    `=bob:bob:1000:1000:${bob}:::\n+bob-:bob:1000:1000:${bob}:-::\n.\n`,
  );
  assert.equal((await runQmail("qmail-newu", [], { home: s.t.home })).code, 0);
  s.maildir(`${bob}/Info`);
  s.maildir(`${bob}/Rest`);
  s.maildir(`${bob}/Everywhere`);
  s.qmail(`${bob}/.qmail-info`, "./Info/\n");
  s.qmail(`${bob}/.qmail-default`, "./Rest/\n");
  s.qmail(`${bob}/.qmail-everywhere-default`, "./Everywhere/\n");
  // qmail-send turns info@nowhere.mil into bob-info@nowhere.mil (virtualdomains nowhere.mil:bob).
  assert.equal((await s.deliver("bob-info@nowhere.mil")).status, "success");
  assert.equal((await s.deliver("bob-root@nowhere.mil")).status, "success");
  assert.equal((await s.deliver("bob-everywhere-sales@everywhere.org")).status, "success");
  assert.match(
    newFiles(`${bob}/Info`)[0],
    /^Return-Path: <joe@a\.example>\nDelivered-To: bob-info@nowhere\.mil\n/,
  );
  assert.match(newFiles(`${bob}/Rest`)[0], /Delivered-To: bob-root@nowhere\.mil\n/);
  assert.equal(newFiles(`${bob}/Everywhere`).length, 1);
  await s.d.close();
});

Deno.test('FAQ 4.1: | forward "$LOCAL"@bigbang in ~alias/.qmail-default forwards unrecognized names', async () => {
  using s = await setup();
  s.qmail(`${s.t.home}/alias/.qmail-default`, '| forward "$LOCAL"@bigbang.af.mil\n');
  const r = await s.deliver("stranger@my.host.example");
  await s.d.close();
  assert.equal(r.status, "success", r.report);
  assert.match(r.report!, /^forward: qp \d+\ndid 0\+0\+1\n$/);
  const [q] = s.queued();
  assert.deepEqual(q.recipients, ["stranger@bigbang.af.mil"]);
  assert.equal(q.sender, "joe@a.example");
  assert.ok(q.message.includes("Delivered-To: stranger@my.host.example\n" + MSG));
});

Deno.test("FAQ 4.2: a mailing list in .qmail-sos with .qmail-sos-owner: bounces go to the owner", async () => {
  using s = await setup();
  const alias = `${s.t.home}/alias`;
  s.qmail(`${alias}/.qmail-me-sos`, "a@x.example\nb@y.example\n");
  s.qmail(`${alias}/.qmail-me-sos-owner`, "./owner-mbox\n");
  const r = await s.deliver("me-sos@my.host.example");
  await s.d.close();
  assert.equal(r.status, "success");
  assert.match(r.report!, /^did 0\+2\+0\nqp \d+\n$/);
  const [q] = s.queued();
  assert.deepEqual(q.recipients, ["a@x.example", "b@y.example"]);
  assert.equal(q.sender, "me-sos-owner@my.host.example");
});

Deno.test("FAQ 4.6 aliases with dots, and an unknown extension bounces", async () => {
  using s = await setup();
  s.qmail(`${s.t.home}/alias/.qmail-p:d:q:bach`, "./bach\n");
  assert.equal((await s.deliver("P.D.Q.Bach@my.host.example")).status, "success");
  assert.ok(Deno.readTextFileSync(`${s.t.home}/alias/bach`).includes("Delivered-To: P.D.Q.Bach@"));
  assert.deepEqual(await s.deliver("nobody@my.host.example"), {
    status: "failure",
    text: "Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/",
    report: "Sorry, no mailbox here by that name. (#5.1.1)\n",
  });
  await s.d.close();
});

Deno.test("FAQ 4.4: | preline prog gets From_, Return-Path and Delivered-To before the message", async () => {
  using s = await setup();
  s.qmail(`${s.t.home}/alias/.qmail-proc`, "| preline sh -c 'cat > \"$HOME/got\"'\n");
  const r = await s.deliver("proc@my.host.example");
  await s.d.close();
  assert.equal(r.status, "success", r.report);
  assert.match(
    Deno.readTextFileSync(`${s.t.home}/alias/got`),
    new RegExp(
      "^From joe@a\\.example \\w{3} \\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\n" +
        "Return-Path: <joe@a\\.example>\\nDelivered-To: proc@my\\.host\\.example\\n" + MSG + "$",
    ),
  );
});

Deno.test("bouncesaying, except and condredirect in .qmail lines (FAQ 5.5's fixup)", async () => {
  using s = await setup();
  const alias = `${s.t.home}/alias`;
  s.qmail(
    `${alias}/.qmail-deny`,
    '| bouncesaying \'Permission denied\' [ "@$HOST" != "@fixme" ]\n',
  );
  s.qmail(`${alias}/.qmail-ex`, "| except false\n./ex\n");
  s.qmail(`${alias}/.qmail-cr`, "| condredirect other@x.example true\n./never\n");
  assert.deepEqual(await s.deliver("deny@my.host.example"), {
    status: "failure",
    text: "Permission_denied/",
    report: "Permission denied\n",
  });
  assert.equal((await s.deliver("deny@fixme")).status, "success");
  assert.equal((await s.deliver("ex@my.host.example")).status, "success");
  const cr = await s.deliver("cr@my.host.example");
  await s.d.close();
  assert.match(cr.report!, /^condredirect: qp \d+\ndid 0\+0\+1\n$/);
  assert.throws(() => Deno.statSync(`${alias}/never`));
  assert.deepEqual(s.queued().map((q) => q.recipients), [["other@x.example"]]);
});

Deno.test("FAQ 4.9: with users/assign from qmail-pw2u -h, a missing home defers instead of bouncing", async () => {
  using s = await setup();
  const uid = Deno.uid() === 0 ? 4242 : Deno.uid()!;
  const joe = `${s.t.dir}/joe`;
  Deno.mkdirSync(joe, { mode: 0o755 });
  if (Deno.uid() === 0) Deno.chownSync(joe, uid, uid);
  const me = Deno.readTextFileSync(`${s.t.home}/conf-users`).split("\n")[0];
  const passwd = `${me}:x:${uid}:${uid}::${s.t.home}/alias:/bin/sh\n` +
    `joe:x:${uid}:${uid}::${joe}:/bin/sh\n`;
  if (Deno.uid() === 0) Deno.chownSync(`${s.t.home}/alias`, uid, uid);
  const pw2u = await runQmail("qmail-pw2u", ["-h"], { home: s.t.home, stdin: passwd });
  assert.equal(pw2u.code, 0, pw2u.stderr);
  assert.ok(pw2u.stdout.includes(`=joe:joe:${uid}:${uid}:${joe}:::\n`));
  Deno.writeTextFileSync(`${s.t.home}/users/assign`, pw2u.stdout);
  assert.equal((await runQmail("qmail-newu", [], { home: s.t.home })).code, 0);
  assert.equal((await s.deliver("joe@my.host.example")).status, "success");
  Deno.removeSync(joe, { recursive: true }); // ~joe suddenly disappears
  const r = await s.deliver("joe@my.host.example");
  await s.d.close();
  assert.deepEqual(r.status, "deferral");
  assert.equal(r.report, `Unable to switch to ${joe}: file does not exist. (#4.3.0)\n`);
  // qmail-pw2u -h refuses to build assignments while a home is missing.
  const again = await runQmail("qmail-pw2u", ["-h"], { home: s.t.home, stdin: passwd });
  assert.equal(again.code, 111);
  assert.equal(again.stderr.trim(), `qmail-pw2u: fatal: unable to stat ${joe}`);
});
