import assert from "node:assert/strict";
import { dtLine, extParts, hostParts, myctime, rpLine, ufLine } from "./lines.ts";
import { commandEnv, pathWith } from "./environ.ts";
import { deliveryResult, letterReport, logSafe, truncateReport } from "./report.ts";
import { hasDeliveredTo } from "./loop.ts";

const enc = (s: string) => new TextEncoder().encode(s);

Deno.test("Delivered-To, Return-Path (quoted local part) and From_ lines as qmail-local writes them", () => {
  assert.equal(dtLine("bob@x.example"), "Delivered-To: bob@x.example\n");
  assert.equal(dtLine("b\nob@x"), "Delivered-To: b_ob@x\n");
  assert.equal(rpLine("joe@a.example"), "Return-Path: <joe@a.example>\n");
  assert.equal(rpLine("joe q@a.example"), 'Return-Path: <"joe q"@a.example>\n');
  assert.equal(rpLine(""), "Return-Path: <>\n");
  const t = new Date(Date.UTC(2024, 0, 5, 9, 3, 7));
  assert.equal(myctime(t), "Fri Jan 05 09:03:07 2024\n");
  assert.equal(ufLine("a b@c", t), "From a-b@c Fri Jan 05 09:03:07 2024\n");
  assert.equal(ufLine("", t), "From MAILER-DAEMON Fri Jan 05 09:03:07 2024\n");
});

Deno.test("EXT2..4 follow the dashes; HOST2..4 drop the last dot-parts", () => {
  assert.deepEqual(extParts("a-b-c-d-e"), ["a-b-c-d-e", "b-c-d-e", "c-d-e", "d-e"]);
  assert.deepEqual(extParts("a"), ["a", "", "", ""]);
  assert.deepEqual(hostParts("mail.a.b.example"), ["mail.a.b", "mail.a", "mail"]);
  assert.deepEqual(hostParts("a.example"), ["a", "a", "a"]);
  assert.deepEqual(hostParts("localhost"), ["localhost", "localhost", "localhost"]);
});

Deno.test("qmail-command environment: every variable, DEFAULT only for -default files, QMAILHOME/bin first", () => {
  const env = commandEnv({ PATH: "/usr/bin:/q/bin", DEFAULT: "stale", KEEP: "1" }, {
    user: "bob",
    home: "/home/bob",
    local: "bob-list-x",
    host: "mx.nowhere.mil",
    sender: "s@a",
    newSender: "bob-list-owner@mx.nowhere.mil",
    ext: "list-x",
    dtLine: "Delivered-To: bob-list-x@mx.nowhere.mil\n",
    rpLine: "Return-Path: <s@a>\n",
    ufLine: "From s@a Thu Jan 01 00:00:00 1970\n",
  }, "/q");
  assert.equal(env.PATH, "/q/bin:/usr/bin");
  assert.equal(env.KEEP, "1");
  assert.equal(env.DEFAULT, undefined);
  assert.equal(env.RECIPIENT, "bob-list-x@mx.nowhere.mil");
  assert.deepEqual([env.EXT, env.EXT2, env.EXT3, env.EXT4], ["list-x", "x", "", ""]);
  assert.deepEqual([env.HOST2, env.HOST3, env.HOST4], ["mx.nowhere", "mx", "mx"]);
  for (const k of ["USER", "HOME", "LOCAL", "HOST", "SENDER", "NEWSENDER", "DTLINE", "RPLINE"]) {
    assert.ok(env[k], k);
  }
  assert.equal(pathWith("/q/bin", undefined), "/q/bin");
});

Deno.test("the loop check looks at header lines only, for exactly the same Delivered-To line", () => {
  const dt = enc("Delivered-To: bob@x\n");
  assert.ok(hasDeliveredTo(enc("A: b\nDelivered-To: bob@x\n\nbody\n"), dt));
  assert.ok(!hasDeliveredTo(enc("A: b\n\nDelivered-To: bob@x\n"), dt));
  assert.ok(!hasDeliveredTo(enc("Delivered-To: bob@xy\n\n"), dt));
  assert.ok(!hasDeliveredTo(enc("delivered-to: bob@x\n\n"), dt));
});

Deno.test("reports: exit codes pick K/Z/D, lspawn's own codes have fixed texts, logsafe escaping", () => {
  assert.equal(letterReport(0, "did 0+0+1\n"), "Kdid 0+0+1\n");
  assert.equal(letterReport(111, "x\n"), "Zx\n");
  for (const c of [71, 74, 75]) assert.equal(letterReport(c, "")[0], "Z");
  assert.equal(letterReport(100, "no\n"), "Dno\n");
  assert.equal(letterReport(1, "odd\n"), "Dodd\n");
  assert.equal(letterReport(null, "x"), "Zqmail-local crashed.\n");
  assert.equal(letterReport(116, "ignored"), "ZUnable to find alias user!\n");
  assert.equal(letterReport(113, ""), "ZNot allowed to perform deliveries as root.\n");
  assert.equal(letterReport(0, "a\0b"), "Ka");
  assert.equal(logSafe("did 0+0+1\nqp 12\n"), "did_0+0+1/qp_12/");
  assert.equal(logSafe("100%\té"), "100__\u00e9".replace("\u00e9", "_"));
  assert.deepEqual(deliveryResult(100, "Sorry, no mailbox here by that name. (#5.1.1)\n"), {
    status: "failure",
    text: "Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/",
    report: "Sorry, no mailbox here by that name. (#5.1.1)\n",
  });
  const long = truncateReport("x".repeat(5000));
  assert.equal(long.length, 3000 - 3);
  assert.ok(long.endsWith("\nError report too long, sorry.\n"));
});
