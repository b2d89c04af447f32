import assert from "node:assert/strict";
import { inject } from "./_testing.ts";
import { InjectError } from "./errors.ts";

const HEADER = "To: a\nCc: b\nBcc: c\nApparently-To: d\n\n";

Deno.test("without recipient arguments qmail-inject sends to To, Cc, Bcc and Apparently-To", () => {
  assert.deepEqual(inject(HEADER).envelope.recipients, [
    "a@heaven.af.mil",
    "b@heaven.af.mil",
    "c@heaven.af.mil",
    "d@heaven.af.mil",
  ]);
});

Deno.test("with recipient arguments qmail-inject sends only to them by default (-A)", () => {
  assert.deepEqual(inject(HEADER, { recipients: ["x", "y@z.org"] }).envelope.recipients, [
    "x@heaven.af.mil",
    "y@z.org",
  ]);
});

Deno.test("-a sends only to the arguments, even when there are none", () => {
  assert.deepEqual(inject(HEADER, { strategy: "args" }).envelope.recipients, []);
});

Deno.test("-h sends only to the header recipients and ignores the arguments", () => {
  const { envelope } = inject(HEADER, { strategy: "header", recipients: ["x"] });
  assert.equal(envelope.recipients.length, 4);
  assert.ok(!envelope.recipients.includes("x@heaven.af.mil"));
});

Deno.test("-h does not even parse the arguments", () => {
  assert.doesNotThrow(() => inject(HEADER, { strategy: "header", recipients: ["(bad"] }));
});

Deno.test("-H sends to the arguments first, then the header recipients", () => {
  const { envelope } = inject(HEADER, { strategy: "both", recipients: ["x"] });
  assert.deepEqual(envelope.recipients, [
    "x@heaven.af.mil",
    "a@heaven.af.mil",
    "b@heaven.af.mil",
    "c@heaven.af.mil",
    "d@heaven.af.mil",
  ]);
});

Deno.test("recipient arguments are rewritten like header addresses", () => {
  const { envelope } = inject("\n", { recipients: ["fred", "a@zippy", "b@m+", "c@[1.2.3.4]"] });
  assert.deepEqual(envelope.recipients, [
    "fred@heaven.af.mil",
    "a@zippy.heaven.af.mil",
    "b@m.heaven.af.mil",
    "c@[1.2.3.4]",
  ]);
});

Deno.test("a recipient argument with spaces is quoted, not split", () => {
  assert.deepEqual(inject("\n", { recipients: ["joe q@x.org"] }).envelope.recipients, [
    "joe q@x.org",
  ]);
});

Deno.test("a recipient argument that does not parse is a permanent error", () => {
  assert.throws(() => inject("\n", { recipients: ["fred@(x"] }), (e) => {
    assert.ok(e instanceof InjectError);
    assert.equal(e.code, 100);
    assert.equal(e.message, "unable to parse address: fred@(x");
    return true;
  });
});

Deno.test("a -f address that does not parse is a permanent error", () => {
  assert.throws(() => inject("\n", { sender: "joe@(x" }), /unable to parse this line:\njoe@\(x/);
});

Deno.test("qmail-inject queues a message with no recipients at all, as qmail does", () => {
  assert.deepEqual(inject("Subject: nobody\n\n").envelope.recipients, []);
});

Deno.test("a message with a Resent- field is resent: it goes to Resent-To, Resent-Cc, Resent-Bcc", () => {
  const { envelope } = inject("To: a\nResent-To: r1\nResent-Cc: r2\nResent-Bcc: r3\n\n");
  assert.deepEqual(envelope.recipients, [
    "r1@heaven.af.mil",
    "r2@heaven.af.mil",
    "r3@heaven.af.mil",
  ]);
});

Deno.test("a resent message gets Resent-Date, Resent-Message-ID and Resent-From, not Date or From", () => {
  const { text } = inject("To: a\nResent-To: r1\n\nbody\n");
  assert.equal(
    text,
    "Resent-Date: 26 Sep 1995 04:46:53 -0000\n" +
      "Resent-Message-ID: <19950926044653.12345.qmail@heaven.af.mil>\n" +
      "Resent-From: joe@heaven.af.mil\n" +
      "To: a@heaven.af.mil\nResent-To: r1@heaven.af.mil\n\nbody\n",
  );
});

Deno.test("a resent message without Resent-To or Resent-Cc gets a Resent-Cc group", () => {
  const { text, envelope } = inject("Resent-Bcc: r3\n\n");
  assert.match(text, /^Resent-Cc: recipient list not shown: ;$/m);
  assert.doesNotMatch(text, /^Cc:/m);
  assert.doesNotMatch(text, /Resent-Bcc/);
  assert.deepEqual(envelope.recipients, ["r3@heaven.af.mil"]);
});

Deno.test("Resent-Date or Resent-Message-ID alone make a message resent", () => {
  const { text, envelope } = inject("To: a\nResent-Date: today\n\n");
  assert.match(text, /^Resent-From: /m);
  assert.deepEqual(envelope.recipients, []);
});

Deno.test("a resent message keeps existing Resent-From and Resent-Message-ID", () => {
  const { text } = inject("Resent-From: boss\nResent-Message-ID: <x@y>\nResent-To: r\n\n");
  assert.equal(text.match(/^Resent-From:/gm)?.length, 1);
  assert.equal(text.match(/^Resent-Message-ID:/gm)?.length, 1);
  assert.match(text, /^Resent-From: boss@heaven\.af\.mil$/m);
});

Deno.test("QMAILMFTFILE adds Mail-Followup-To with all To and Cc addresses when a list is named", () => {
  const { text } = inject("To: sos@heaven.af.mil, fred\nCc: barney@bedrock.org\n\n", {
    lists: ["SOS@Heaven.AF.mil"],
  });
  assert.match(
    text,
    /^Mail-Followup-To: barney@bedrock\.org,\n {2}sos@heaven\.af\.mil,\n {2}fred@heaven\.af\.mil\n/m,
  );
});

Deno.test("QMAILMFTFILE adds nothing when no list is among To and Cc", () => {
  assert.doesNotMatch(
    inject("To: fred\nBcc: sos@heaven.af.mil\n\n", { lists: ["sos@heaven.af.mil"] }).text,
    /Followup/,
  );
});

Deno.test("QMAILMFTFILE does not add a second Mail-Followup-To", () => {
  const { text } = inject("To: sos@heaven.af.mil\nMail-Followup-To: me@x\n\n", {
    lists: ["sos@heaven.af.mil"],
  });
  assert.equal(text.match(/Mail-Followup-To/g)?.length, 1);
});
