import assert from "node:assert/strict";
import { candidates, newSender, ownerFiles, parseDotQmail, safeExt } from "./dotqmail.ts";

Deno.test("dot-qmail lines: comment, program, forward with and without &, mbox, maildir, +list", () => {
  assert.deepEqual(
    parseDotQmail(
      "# note\n|preline procmail  \t\n&me@new.job.com\nme@new.job.com\n./Mailbox\n/home/djb/Maildir/\n\n+list\n+other",
    ),
    [
      { kind: "comment" },
      { kind: "program", command: "preline procmail" },
      { kind: "forward", address: "me@new.job.com" },
      { kind: "forward", address: "me@new.job.com" },
      { kind: "mbox", path: "./Mailbox" },
      { kind: "maildir", path: "/home/djb/Maildir/" },
      { kind: "blank", first: false },
      { kind: "plus", list: true },
      { kind: "plus", list: false },
    ],
  );
  assert.deepEqual(parseDotQmail("\n./Mailbox\n")[0], { kind: "blank", first: true });
  assert.deepEqual(parseDotQmail("   \n")[0], { kind: "blank", first: true });
});

Deno.test(".qmail lookup order: exact, then -default from the most specific (qmail-local.c's table)", () => {
  const names = (dash: string, ext: string) => candidates(dash, ext).map((c) => c.name);
  assert.deepEqual(names("", ""), [".qmail", ".qmaildefault"]);
  assert.deepEqual(names("-", ""), [".qmail-", ".qmail-default"]);
  assert.deepEqual(names("-", "a"), [".qmail-a", ".qmail-default"]);
  assert.deepEqual(names("-", "a-"), [".qmail-a-", ".qmail-a-default", ".qmail-default"]);
  assert.deepEqual(names("-", "foo-bar"), [
    ".qmail-foo-bar",
    ".qmail-foo-default",
    ".qmail-default",
  ]);
  assert.deepEqual(names("-", "a-b-c"), [
    ".qmail-a-b-c",
    ".qmail-a-b-default",
    ".qmail-a-default",
    ".qmail-default",
  ]);
});

Deno.test("extensions are lowercased and dots become colons (FAQ 4.6: .qmail-p:d:q:bach)", () => {
  assert.equal(safeExt("P.D.Q.Bach"), "p:d:q:bach");
  assert.equal(candidates("-", "P.D.Q.Bach")[0].name, ".qmail-p:d:q:bach");
});

Deno.test("DEFAULT is the part of the extension a -default file stands for, original case", () => {
  const c = candidates("-", "Nowhere-Info-X");
  assert.deepEqual(c.map((x) => x.default), [undefined, "X", "Info-X", "Nowhere-Info-X"]);
  assert.equal(candidates("-", "foo-default")[0].default, "default");
});

Deno.test("NEWSENDER: -owner diverts bounces, -owner-default makes a VERP, bounces keep their sender", () => {
  assert.deepEqual(ownerFiles("-", "sos"), {
    owner: ".qmail-sos-owner",
    verp: ".qmail-sos-owner-default",
  });
  const has = (owner: boolean, verp: boolean) => ({ owner, verp });
  assert.equal(newSender("a@b", "me-sos", "h.example", has(false, false)), "a@b");
  assert.equal(newSender("a@b", "me-sos", "h.example", has(true, false)), "me-sos-owner@h.example");
  assert.equal(
    newSender("a@b", "me-sos", "h.example", has(true, true)),
    "me-sos-owner-@h.example-@[]",
  );
  assert.equal(newSender("", "me-sos", "h.example", has(true, true)), "");
  assert.equal(newSender("#@[]", "me-sos", "h.example", has(true, false)), "#@[]");
});
