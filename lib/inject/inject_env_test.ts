import assert from "node:assert/strict";
import { inject } from "./_testing.ts";

const from = (text: string) => text.match(/^From: .*$/m)?.[0];

Deno.test("qmail-inject's From uses the user name and the default host", () => {
  assert.equal(
    from(inject("To: fred\n\n", { env: { USER: "joe" } }).text),
    "From: joe@heaven.af.mil",
  );
});

Deno.test("qmail-inject's From prefers QMAILUSER, then MAILUSER, then USER, then LOGNAME", () => {
  const env = { QMAILUSER: "q", MAILUSER: "m", USER: "u", LOGNAME: "l" };
  assert.equal(from(inject("\n", { env }).text), "From: q@heaven.af.mil");
  assert.equal(
    from(inject("\n", { env: { LOGNAME: "l", USER: "" } }).text),
    'From: ""@heaven.af.mil',
  );
});

Deno.test("qmail-inject's From is anonymous when no user variable is set", () => {
  const { text } = inject("\n", { env: { USER: undefined as unknown as string } }); // unset
  assert.equal(from(text), "From: anonymous@heaven.af.mil");
});

Deno.test("qmail-inject's From quotes a user name that needs it", () => {
  assert.equal(from(inject("\n", { env: { USER: "joe q" } }).text), 'From: "joe q"@heaven.af.mil');
});

Deno.test("qmail-inject's From host is QMAILHOST, then MAILHOST, with defaultdomain added", () => {
  assert.equal(
    from(inject("\n", { env: { QMAILHOST: "q.org", MAILHOST: "m.org" } }).text),
    "From: joe@q.org",
  );
  assert.equal(
    from(inject("\n", { env: { MAILHOST: "zippy" } }).text),
    "From: joe@zippy.heaven.af.mil",
  );
});

Deno.test("qmail-inject's From carries QMAILNAME, MAILNAME or NAME in name-address style", () => {
  assert.equal(
    from(inject("\n", { env: { QMAILNAME: "Q", MAILNAME: "M", NAME: "N" } }).text),
    'From: "Q" <joe@heaven.af.mil>',
  );
  assert.equal(
    from(inject("\n", { env: { NAME: "J. Random" } }).text),
    'From: "J. Random" <joe@heaven.af.mil>',
  );
});

Deno.test("QMAILINJECT=c puts the personal name in a comment after the address", () => {
  const { text } = inject("\n", { env: { NAME: "Joe Q", QMAILINJECT: "c" } });
  assert.equal(from(text), "From: joe@heaven.af.mil (Joe Q)");
});

Deno.test("qmail-inject's envelope sender is the From user at the From host by default", () => {
  assert.equal(
    inject("To: fred\n\n", { env: { MAILHOST: "af.mil" } }).envelope.sender,
    "joe@af.mil",
  );
});

Deno.test("QMAILSUSER and QMAILSHOST set the envelope sender but not From", () => {
  const { text, envelope } = inject("To: fred\n\n", {
    env: { QMAILSUSER: "bounces", QMAILSHOST: "lists.af.mil" },
  });
  assert.equal(envelope.sender, "bounces@lists.af.mil");
  assert.equal(from(text), "From: joe@heaven.af.mil");
});

Deno.test("a Return-Path field sets the envelope sender, overriding the environment", () => {
  const { envelope } = inject("Return-Path: <owner@x.org>\nTo: fred\n\n", {
    env: { QMAILSUSER: "bounces" },
  });
  assert.equal(envelope.sender, "owner@x.org");
});

Deno.test("a Return-Path of <> gives the null envelope sender", () => {
  assert.equal(inject("Return-Path: <>\nTo: fred\n\n").envelope.sender, "");
});

Deno.test("QMAILINJECT=s ignores an incoming Return-Path (and still deletes it)", () => {
  const { text, envelope } = inject("Return-Path: <owner@x.org>\nTo: fred\n\n", {
    env: { QMAILINJECT: "s" },
  });
  assert.equal(envelope.sender, "joe@heaven.af.mil");
  assert.doesNotMatch(text, /Return-Path/);
});

Deno.test("-f sets the envelope sender, overriding Return-Path and the environment", () => {
  const { envelope } = inject("Return-Path: <owner@x.org>\nTo: fred\n\n", {
    sender: "boss",
    env: { QMAILSUSER: "bounces" },
  });
  assert.equal(envelope.sender, "boss@heaven.af.mil");
});

Deno.test("-f with an empty address gives the null envelope sender", () => {
  assert.equal(inject("To: fred\n\n", { sender: "" }).envelope.sender, "");
});

Deno.test("QMAILINJECT=f deletes the incoming From so qmail-inject makes its own", () => {
  const { text } = inject("From: mua@wrong.example\nTo: fred\n\n", { env: { QMAILINJECT: "f" } });
  assert.equal(from(text), "From: joe@heaven.af.mil");
  assert.doesNotMatch(text, /wrong/);
});

Deno.test("QMAILINJECT=i deletes the incoming Message-ID so qmail-inject makes its own", () => {
  const { text } = inject("Message-ID: <old@x>\nTo: fred\n\n", { env: { QMAILINJECT: "i" } });
  assert.doesNotMatch(text, /old@x/);
  assert.match(text, /^Message-ID: <19950926044653\.12345\.qmail@heaven\.af\.mil>$/m);
});

Deno.test("QMAILINJECT=r makes the envelope sender a per-recipient VERP ending in -@[]", () => {
  assert.equal(
    inject("To: fred\n\n", { env: { QMAILINJECT: "r" } }).envelope.sender,
    "joe-@heaven.af.mil-@[]",
  );
  const rp = inject("Return-Path: <owner@x.org>\nTo: fred\n\n", { env: { QMAILINJECT: "r" } });
  assert.equal(rp.envelope.sender, "owner@x.org-@[]");
});

Deno.test("QMAILINJECT=m puts the time and process id into the envelope sender", () => {
  const { envelope } = inject("To: fred\n\n", { env: { QMAILINJECT: "m" } });
  assert.equal(envelope.sender, "joe-812090813.12345@heaven.af.mil");
});

Deno.test("QMAILINJECT=rm combines both VERPs", () => {
  const { envelope } = inject("To: fred\n\n", { env: { QMAILINJECT: "rm" } });
  assert.equal(envelope.sender, "joe-812090813.12345-@heaven.af.mil-@[]");
});

Deno.test("QMAILDEFAULTHOST, QMAILDEFAULTDOMAIN and QMAILPLUSDOMAIN change the rewriting", () => {
  const env = { QMAILDEFAULTHOST: "h", QMAILDEFAULTDOMAIN: "d.org", QMAILPLUSDOMAIN: "p.org" };
  const { envelope } = inject("To: a, b@c, e@f+\n\n", { env });
  assert.deepEqual(envelope.recipients, ["e@f.p.org", "b@c.d.org", "a@h.d.org"]);
});

Deno.test("QMAILIDHOST sets the Message-ID host", () => {
  const { text } = inject("\n", { env: { QMAILIDHOST: "id.example" } });
  assert.match(text, /qmail@id\.example>/);
});

Deno.test("host masquerading: control/defaulthost af.mil makes From and To say af.mil (FAQ 1.1)", () => {
  const { text, envelope } = inject("To: fred\n\n", {
    control: { me: "zippy.af.mil", defaulthost: "af.mil", defaultdomain: "af.mil" },
  });
  assert.equal(from(text), "From: joe@af.mil");
  assert.match(text, /^To: fred@af\.mil$/m);
  assert.equal(envelope.sender, "joe@af.mil");
  assert.doesNotMatch(text.replace(/^Message-ID:.*$/m, ""), /zippy/);
});

Deno.test("user masquerading: MAILHOST and MAILUSER set From, QMAILINJECT=f overrides the MUA (FAQ 1.2)", () => {
  const env = { USER: "god", MAILHOST: "af.mil", MAILUSER: "boss", QMAILINJECT: "f" };
  const { text, envelope } = inject("From: god@heaven.af.mil\nTo: fred\n\n", { env });
  assert.equal(from(text), "From: boss@af.mil");
  assert.equal(envelope.sender, "boss@af.mil");
});
