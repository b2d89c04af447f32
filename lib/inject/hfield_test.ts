import assert from "node:assert/strict";
import { fieldType, fieldValid } from "./hfield.ts";

Deno.test("fieldType knows qmail-inject's fields whatever their case", () => {
  assert.equal(fieldType("TO: x\n"), "to");
  assert.equal(fieldType("resent-BCC: x\n"), "resent-bcc");
  assert.equal(fieldType("Mail-Followup-To: x\n"), "mail-followup-to");
  assert.equal(fieldType("Content-Length: 3\n"), "content-length");
});

Deno.test("fieldType allows spaces and tabs between the name and the colon", () => {
  assert.equal(fieldType("Cc \t: x\n"), "cc");
});

Deno.test("fieldType does not match a longer or different name", () => {
  assert.equal(fieldType("Tox: x\n"), "");
  assert.equal(fieldType("X-To: x\n"), "");
  assert.equal(fieldType("To x: y\n"), "");
});

Deno.test("fieldValid wants a colon after a non-empty printable name", () => {
  assert.equal(fieldValid("Subject: hi\n"), true);
  assert.equal(fieldValid("X-Odd-Name!#: v\n"), true);
  assert.equal(fieldValid("Subject  : hi\n"), true);
  assert.equal(fieldValid(": no name\n"), false);
  assert.equal(fieldValid("no colon\n"), false);
  assert.equal(fieldValid("two words: x\n"), false);
  assert.equal(fieldValid("n\xe9: x\n"), false);
});
