import assert from "node:assert/strict";
import { bounceAddressOf, bounceRecord, composeBounce, verpSender } from "./bounce_text.ts";
import { fromBytes, toBytes } from "./bytes.ts";

Deno.test("bounce records end with a blank line; blank lines inside become '/'", () => {
  assert.equal(bounceRecord("a@b", "x\n"), "<a@b>:\nx\n\n");
  assert.equal(bounceRecord("a@b", "x"), "<a@b>:\nx\n\n");
  assert.equal(bounceRecord("a@b", ""), "<a@b>:\n\n");
  assert.equal(bounceRecord("a@b", "x\n\n\ny\n"), "<a@b>:\nx\n//y\n\n");
  assert.equal(bounceRecord("a\nb@c", "x\n"), "<a_b@c>:\nx\n\n");
});

Deno.test("VERP senders get the recipient spliced in; bounces go to the plain owner", () => {
  assert.equal(verpSender("sos-owner-@me.org-@[]", "joe@x.org"), "sos-owner-joe=x.org@me.org");
  assert.equal(verpSender("joe@x.org", "bob@y.org"), "joe@x.org");
  assert.equal(verpSender("", "bob@y.org"), "");
  assert.equal(verpSender("a-@b-@[]", "nohost"), "a-@b-@[]");
  assert.equal(bounceAddressOf("sos-owner-@me.org-@[]"), "sos-owner-@me.org");
  assert.equal(bounceAddressOf("#@[]"), "#@[]");
});

Deno.test("the bounce notice quotes bouncefrom and the recipient as qmail's quote does", () => {
  const b = composeBounce({
    sender: "joe q@x.org",
    bouncefrom: "MAILER DAEMON",
    bouncehost: "h.org",
    doublebounceto: "postmaster@h.org",
    records: toBytes("<a@b>:\nno\n\n"),
    message: toBytes("Subject: s\n\nbody\n"),
    date: new Date(Date.UTC(1995, 8, 26, 4, 46, 54)),
  });
  assert.equal(b.envelopeSender, "");
  assert.equal(b.recipient, "joe q@x.org");
  assert.equal(
    fromBytes(b.message),
    "Date: 26 Sep 1995 04:46:54 -0000\n" +
      'From: "MAILER DAEMON"@h.org\n' +
      'To: "joe q"@x.org\n' +
      "Subject: failure notice\n\n" +
      "Hi. This is the qmail-send program at h.org.\n" +
      "I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
      "This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
      "<a@b>:\nno\n\n" +
      "--- Below this line is a copy of the message.\n\n" +
      'Return-Path: <"joe q"@x.org>\n' +
      "Subject: s\n\nbody\n",
  );
});
