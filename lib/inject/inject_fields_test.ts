import assert from "node:assert/strict";
import { inject, STAMPS } from "./_testing.ts";
import { InjectError } from "./errors.ts";

const FROM = "From: joe@heaven.af.mil\n";

Deno.test("qmail-inject adds Date, Message-ID and From when missing, before the old fields", () => {
  assert.equal(
    inject("To: fred\nSubject: hi\n\nbody\n").text,
    STAMPS + FROM + "To: fred@heaven.af.mil\nSubject: hi\n\nbody\n",
  );
});

Deno.test("qmail-inject keeps an existing Date", () => {
  const { text } = inject("Date: yesterday\nTo: fred\n\n");
  assert.doesNotMatch(text, /Date: 26 Sep/);
  assert.match(text, /^Date: yesterday$/m);
});

Deno.test("qmail-inject makes Message-ID from the time, pid and idhost", () => {
  const { text } = inject("To: fred\n\n", {
    control: { me: "heaven.af.mil", idhost: "id.af.mil" },
  });
  assert.match(text, /^Message-ID: <19950926044653\.12345\.qmail@id\.af\.mil>$/m);
});

Deno.test("qmail-inject keeps an existing Message-ID", () => {
  const { text } = inject("Message-ID: <a@b>\nTo: fred\n\n");
  assert.equal(text.match(/Message-ID/g)?.length, 1);
});

Deno.test("qmail-inject keeps an existing From and rewrites its addresses", () => {
  const { text } = inject("From: Boss <boss>\nTo: fred\n\n");
  assert.match(text, /^From: Boss <boss@heaven\.af\.mil>$/m);
  assert.equal(text.match(/^From:/gm)?.length, 1);
});

Deno.test("qmail-inject rewrites Sender, Reply-To, Errors-To and Return-Receipt-To addresses", () => {
  const { text } = inject(
    "Sender: a\nReply-To: b@zippy\nErrors-To: c\nReturn-Receipt-To: d\nTo: e\n\n",
  );
  for (const f of ["Sender: a@", "Reply-To: b@zippy.", "Errors-To: c@", "Return-Receipt-To: d@"]) {
    assert.match(text, new RegExp(`^${f}heaven\\.af\\.mil$`, "m"), f);
  }
});

Deno.test("qmail-inject leaves fields it does not know byte for byte", () => {
  const field = "X-Weird:   a,b  ;; (( \xe9\x80\xff\n  folded\n";
  assert.ok(inject(`${field}To: fred\n\n`).text.includes(field));
});

Deno.test("qmail-inject removes Bcc from the message but sends to its addresses", () => {
  const { text, envelope } = inject("To: fred\nBcc: secret\n\n");
  assert.doesNotMatch(text, /Bcc/);
  assert.deepEqual(envelope.recipients, ["fred@heaven.af.mil", "secret@heaven.af.mil"]);
});

Deno.test("qmail-inject removes Return-Path and Content-Length", () => {
  const { text } = inject("Return-Path: <x@y.z>\nContent-Length: 999\nTo: fred\n\nbody\n");
  assert.doesNotMatch(text, /Return-Path|Content-Length/);
});

Deno.test("qmail-inject adds 'Cc: recipient list not shown' when there is no To or Cc", () => {
  const { text, envelope } = inject("Bcc: secret\n\n");
  assert.match(text, /^Cc: recipient list not shown: ;$/m);
  assert.deepEqual(envelope.recipients, ["secret@heaven.af.mil"]);
});

Deno.test("qmail-inject takes a Cc without a To as enough", () => {
  assert.doesNotMatch(inject("Cc: fred\n\n").text, /not shown/);
});

Deno.test("qmail-inject inserts commas into old-style space-separated address lists", () => {
  assert.match(inject("To: djb fred\n\n").text, /^To: djb@heaven\.af\.mil, fred@heaven\.af\.mil$/m);
});

Deno.test("qmail-inject rewrites the members of an address group", () => {
  const { text, envelope } = inject("To: friends: a, b@zippy;\n\n");
  assert.match(text, /^To: friends: a@heaven\.af\.mil, b@zippy\.heaven\.af\.mil;$/m);
  assert.deepEqual(envelope.recipients, ["b@zippy.heaven.af.mil", "a@heaven.af.mil"]);
});

Deno.test("qmail-inject keeps comments and phrases and strips source routes", () => {
  const { text, envelope } = inject('To: "Fred F." <@relay.org:fred@bedrock> (buddy)\n\n');
  assert.match(text, /^To: "Fred F\." <fred@bedrock\.heaven\.af\.mil>\(buddy\)$/m);
  assert.deepEqual(envelope.recipients, ["fred@bedrock.heaven.af.mil"]);
});

Deno.test("qmail-inject puts a From_ line into an MBOX-Line field", () => {
  assert.match(
    inject("From joe Mon Sep 25\nTo: fred\n\n").text,
    /^MBOX-Line: From joe Mon Sep 25$/m,
  );
});

Deno.test("qmail-inject refuses a sender field it cannot parse", () => {
  assert.throws(() => inject("From: (joe\nTo: fred\n\n"), (e) => {
    assert.ok(e instanceof InjectError);
    assert.equal(e.code, 100);
    assert.equal(e.message, "unable to parse this line:\nFrom: (joe");
    return true;
  });
});

Deno.test("qmail-inject passes a recipient field it cannot parse unchanged and takes no addresses from it", () => {
  const { text, envelope } = inject("To: fred (oops\nCc: barney\n\n");
  assert.match(text, /^To: fred \(oops$/m);
  assert.deepEqual(envelope.recipients, ["barney@heaven.af.mil"]);
});

Deno.test("qmail-inject joins folded fields it rewrites and folds long address lists", () => {
  const many = Array.from({ length: 6 }, (_, i) => `person${i}@example.com`);
  const { text } = inject(
    `To: ${many.slice(0, 3).join(",\n ")},\n\t${many.slice(3).join(", ")}\n\n`,
  );
  assert.match(
    text,
    /^To: person0@example\.com, person1@example\.com, person2@example\.com,\n {2}person3@example\.com, person4@example\.com, person5@example\.com$/m,
  );
});

Deno.test("qmail-inject -n starts the message with the envelope sender as Return-Path", () => {
  const { text } = inject("To: fred\n\n", { print: true, sender: "joe q@x.org" });
  assert.match(text, /^Return-Path: <"joe q"@x\.org>\n/);
});

Deno.test("qmail-inject without -n adds no Return-Path line", () => {
  assert.doesNotMatch(inject("To: fred\n\n").text, /Return-Path/);
});
