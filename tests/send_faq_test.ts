/**
 * The qmail FAQ's local-delivery recipes (shared/seeds/000), end to end:
 * real qmail-start in a temporary single-user tree, mail injected with
 * sendmail, delivered to real Maildirs and mbox files.
 */

import assert from "node:assert/strict";
import { MailSystem } from "./send_harness.ts";

const MSG = "From: joe@example.com\nSubject: hello\n\nbody text\n";

Deno.test("FAQ: a user's mail lands in ~/Maildir with Return-Path and Delivered-To", async () => {
  await using sys = await MailSystem.create(["bob"]);
  sys.start();
  await sys.sendmail(["-f", "joe@example.com", "bob@example.com"], MSG);
  const [m] = await sys.maildir(`${sys.userHome("bob")}/Maildir`);
  assert.match(m, /^Return-Path: <joe@example\.com>\nDelivered-To: bob@example\.com\n/);
  assert.match(m, /\nbody text\n$/);
  await sys.waitLog(/^end msg /);
  assert.equal(await sys.stop(), 0);
  assert.equal(sys.log.at(-1), "status: exiting");
});

Deno.test("FAQ: receiving mail for another host name (locals)", async () => {
  await using sys = await MailSystem.create(["bob"], {
    locals: "example.com\nother.example.net\n",
  });
  sys.start();
  await sys.sendmail(["bob@other.example.net"], MSG);
  const [m] = await sys.maildir(`${sys.userHome("bob")}/Maildir`);
  assert.match(m, /Delivered-To: bob@other\.example\.net\n/);
});

Deno.test("FAQ: a virtual domain goes to ~bob/.qmail-info and ~bob/.qmail-default", async () => {
  await using sys = await MailSystem.create(["bob"], { virtualdomains: "nowhere.mil:bob\n" });
  const h = sys.userHome("bob");
  for (const d of ["info", "rest"]) {
    for (const s of ["cur", "new", "tmp"]) Deno.mkdirSync(`${h}/${d}/${s}`, { recursive: true });
  }
  Deno.writeTextFileSync(`${h}/.qmail-info`, "./info/\n");
  Deno.writeTextFileSync(`${h}/.qmail-default`, "./rest/\n");
  sys.start();
  await sys.sendmail(["info@nowhere.mil"], MSG);
  await sys.sendmail(["someone@nowhere.mil"], MSG);
  const [info] = await sys.maildir(`${h}/info`);
  const [rest] = await sys.maildir(`${h}/rest`);
  assert.match(info, /Delivered-To: bob-info@nowhere\.mil\n/);
  assert.match(rest, /Delivered-To: bob-someone@nowhere\.mil\n/);
});

Deno.test("FAQ: several virtual domains for one user (bob-nowhere, bob-everywhere)", async () => {
  await using sys = await MailSystem.create(["bob"], {
    virtualdomains: "nowhere.mil:bob-nowhere\neverywhere.org:bob-everywhere\n",
  });
  const h = sys.userHome("bob");
  for (const d of ["nw", "ew"]) {
    for (const s of ["cur", "new", "tmp"]) Deno.mkdirSync(`${h}/${d}/${s}`, { recursive: true });
  }
  Deno.writeTextFileSync(`${h}/.qmail-nowhere-default`, "./nw/\n");
  Deno.writeTextFileSync(`${h}/.qmail-everywhere-default`, "./ew/\n");
  sys.start();
  await sys.sendmail(["a@nowhere.mil", "b@everywhere.org"], MSG);
  const [nw] = await sys.maildir(`${h}/nw`);
  const [ew] = await sys.maildir(`${h}/ew`);
  assert.match(nw, /Delivered-To: bob-nowhere-a@nowhere\.mil\n/);
  assert.match(ew, /Delivered-To: bob-everywhere-b@everywhere\.org\n/);
});

Deno.test("FAQ: aliases with dots (~alias/.qmail-p:d:q:bach)", async () => {
  await using sys = await MailSystem.create(["bob"]);
  Deno.writeTextFileSync(`${sys.home}/alias/.qmail-p:d:q:bach`, "&bob@example.com\n");
  sys.start();
  await sys.sendmail(["P.D.Q.Bach@example.com"], MSG);
  const [m] = await sys.maildir(`${sys.userHome("bob")}/Maildir`);
  assert.match(m, /Delivered-To: bob@example\.com\n/);
  assert.match(m, /Delivered-To: P\.D\.Q\.Bach@example\.com\n/);
});

Deno.test('FAQ: forwarding unrecognized names with | forward "$LOCAL"@…', async () => {
  await using sys = await MailSystem.create(["bob"], { virtualdomains: "elsewhere.example:bob\n" });
  Deno.writeTextFileSync(
    `${sys.home}/alias/.qmail-default`,
    '| forward "$LOCAL"@elsewhere.example\n',
  );
  Deno.writeTextFileSync(`${sys.userHome("bob")}/.qmail-default`, "./Maildir/\n");
  sys.start();
  await sys.sendmail(["nobody-known@example.com"], MSG);
  const [m] = await sys.maildir(`${sys.userHome("bob")}/Maildir`);
  assert.match(m, /Delivered-To: bob-nobody-known@elsewhere\.example\n/);
});

Deno.test("FAQ: a mailing list in ~me/.qmail-sos with .qmail-sos-owner", async () => {
  await using sys = await MailSystem.create(["me", "ann", "bob"]);
  const h = sys.userHome("me");
  Deno.writeTextFileSync(
    `${h}/.qmail-sos`,
    "&ann@example.com\n&bob@example.com\n&ghost@example.com\n",
  );
  for (const s of ["cur", "new", "tmp"]) Deno.mkdirSync(`${h}/owner/${s}`, { recursive: true });
  Deno.writeTextFileSync(`${h}/.qmail-sos-owner`, "./owner/\n");
  sys.start();
  await sys.sendmail(["-f", "joe@example.com", "me-sos@example.com"], MSG);
  const [a] = await sys.maildir(`${sys.userHome("ann")}/Maildir`);
  const [b] = await sys.maildir(`${sys.userHome("bob")}/Maildir`);
  for (const m of [a, b]) assert.match(m, /^Return-Path: <me-sos-owner@example\.com>\n/);
  // ghost does not exist: the bounce goes to the list owner, not to joe
  const [bounce] = await sys.maildir(`${h}/owner`);
  assert.match(
    bounce,
    /<ghost@example\.com>:\nSorry, no mailbox here by that name\. \(#5\.1\.1\)\n/,
  );
});

Deno.test("FAQ: procmail-style delivery through | preline", async () => {
  await using sys = await MailSystem.create(["bob"]);
  const h = sys.userHome("bob");
  Deno.writeTextFileSync(`${h}/.qmail`, `| preline sh -c 'cat > "$HOME/got"'\n`);
  sys.start();
  await sys.sendmail(["-f", "joe@example.com", "bob@example.com"], MSG);
  await sys.waitLog(/^delivery \d+: success/);
  const got = Deno.readTextFileSync(`${h}/got`);
  assert.match(
    got,
    /^From joe@example\.com .*\nReturn-Path: <joe@example\.com>\nDelivered-To: bob@example\.com\n/,
  );
});

Deno.test("FAQ: a failing delivery bounces (QSBMF) to the sender; a failing bounce double-bounces to postmaster", async () => {
  await using sys = await MailSystem.create(["joe"]);
  Deno.writeTextFileSync(`${sys.home}/alias/.qmail-postmaster`, "./Maildir/\n");
  sys.start();
  await sys.sendmail(["-f", "joe@example.com", "nosuchuser@example.com"], MSG);
  const [bounce] = await sys.maildir(`${sys.userHome("joe")}/Maildir`);
  assert.match(bounce, /^Return-Path: <>\n/);
  assert.match(
    bounce,
    /\nFrom: MAILER-DAEMON@example\.com\nTo: joe@example\.com\nSubject: failure notice\n/,
  );
  assert.ok(
    bounce.includes(
      "Hi. This is the qmail-send program at example.com.\n" +
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
        "<nosuchuser@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n" +
        "--- Below this line is a copy of the message.\n\nReturn-Path: <joe@example.com>\n",
    ),
    bounce,
  );
  // now a bounce that bounces: the sender does not exist either
  await sys.sendmail(["-f", "ghost@example.com", "nosuchuser@example.com"], MSG);
  const [dbl] = await sys.maildir(`${sys.home}/alias/Maildir`);
  assert.match(dbl, /^Return-Path: <#@\[\]>\n/);
  assert.ok(
    dbl.includes(
      "I tried to deliver a bounce message to this address, but the bounce bounced!\n\n" +
        "<ghost@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n" +
        "--- Below this line is the original bounce.\n\nReturn-Path: <>\n",
    ),
    dbl,
  );
  // Message numbers are inode numbers and come back at once (qmail-log(5)), so
  // count per number: each "new msg" has its one "end msg".
  const count = (re: RegExp) => {
    const m = new Map<string, number>();
    for (const l of sys.log) {
      const id = re.exec(l)?.[1];
      if (id) m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  };
  const settled = () =>
    JSON.stringify([...count(/^end msg (\d+)$/)].sort()) ===
      JSON.stringify([...count(/^new msg (\d+)$/)].sort());
  for (let i = 0; i < 400 && !settled(); i++) await new Promise((r) => setTimeout(r, 25));
  await sys.stop();
  assert.deepEqual(count(/^end msg (\d+)$/), count(/^new msg (\d+)$/));
});

Deno.test("FAQ: deliveries defer while users/assign names a missing home; ALRM retries", async () => {
  await using sys = await MailSystem.create(["bob"]);
  const uid = Deno.uid() ?? 0;
  const gid = Deno.gid() ?? 0;
  const later = `${sys.tree.dir}/later`;
  await sys.assign(`=carl:carl:${uid}:${gid}:${later}:::\n.\n`);
  sys.start();
  await sys.sendmail(["carl@example.com"], MSG);
  await sys.waitLog(/^delivery 1: deferral: /);
  for (const s of ["cur", "new", "tmp"]) {
    Deno.mkdirSync(`${later}/Maildir/${s}`, { recursive: true });
  }
  sys.kill("SIGALRM");
  const [m] = await sys.maildir(`${later}/Maildir`);
  assert.match(m, /Delivered-To: carl@example\.com\n/);
});

Deno.test("FAQ: host masquerading (control/defaulthost) shows in delivered mail", async () => {
  await using sys = await MailSystem.create(["fred"], {
    defaulthost: "af.mil\n",
    locals: "example.com\naf.mil\n",
  });
  sys.start();
  await sys.sendmail(["fred"], "Subject: masq\n\nhi\n", { USER: "joe", LOGNAME: "joe" });
  const [m] = await sys.maildir(`${sys.userHome("fred")}/Maildir`);
  assert.match(m, /\nFrom: joe@af\.mil\n/);
  assert.match(m, /Delivered-To: fred@af\.mil\n/);
});

Deno.test("FAQ: an mbox file named in .qmail gets a From_ line and >From quoting", async () => {
  await using sys = await MailSystem.create(["bob"]);
  Deno.writeTextFileSync(`${sys.userHome("bob")}/.qmail`, "./mbox\n");
  sys.start();
  await sys.sendmail(["-f", "joe@example.com", "bob@example.com"], "Subject: m\n\nFrom here\n");
  await sys.waitLog(/^delivery \d+: success/);
  const mbox = Deno.readTextFileSync(`${sys.userHome("bob")}/mbox`);
  assert.match(mbox, /^From joe@example\.com /);
  assert.match(mbox, /\n>From here\n\n$/);
});

Deno.test("FAQ: touching info/N rejuvenates a message; an old one bounces after queuelifetime", async () => {
  await using sys = await MailSystem.create(["joe"], { queuelifetime: "2\n" });
  const uid = Deno.uid() ?? 0;
  const gid = Deno.gid() ?? 0;
  await sys.assign(
    `=joe:joe:${uid}:${gid}:${sys.userHome("joe")}:::\n` +
      `=carl:carl:${uid}:${gid}:${sys.tree.dir}/missing:::\n.\n`,
  );
  sys.start();
  await sys.sendmail(["-f", "joe@example.com", "carl@example.com"], "Subject: young\n\n1\n");
  await sys.waitLog(/^delivery 1: deferral/);
  await sys.sendmail(["-f", "joe@example.com", "carl@example.com"], "Subject: old\n\n2\n");
  await sys.waitLog(/^delivery 2: deferral/);
  const young = Number((await sys.waitLog(/^new msg /)).slice(8));
  await new Promise((r) => setTimeout(r, 3500)); // both are now past queuelifetime
  const info = `${sys.home}/queue/info/${young % 23}/${young}`;
  const now = new Date();
  Deno.utimeSync(info, now, now);
  sys.kill("SIGALRM");
  await sys.waitLog(/^delivery 4: /);
  await sys.waitLog(/^delivery 3: /);
  const failures = sys.log.filter((l) => /^delivery [34]: failure: .*too_long/.test(l));
  const deferrals = sys.log.filter((l) => /^delivery [34]: deferral: /.test(l));
  assert.equal(failures.length, 1, sys.log.join("\n"));
  assert.equal(deferrals.length, 1, sys.log.join("\n"));
  const [bounce] = await sys.maildir(`${sys.userHome("joe")}/Maildir`);
  assert.match(bounce, /this message has been in the queue too long\.\n/);
  assert.match(bounce, /Subject: old\n/);
});
