import assert from "node:assert/strict";
import { checkpasswordInput, greeting, popupStep } from "./popup_session.ts";

Deno.test("the greeting carries the APOP timestamp <pid.time@host>", () => {
  assert.deepEqual(greeting(4242, 1700000000, "pop.example"), {
    line: "+OK <4242.1700000000@pop.example>",
    timestamp: "<4242.1700000000@pop.example>",
  });
});

Deno.test("USER then PASS hands name and password to the subprogram", () => {
  const a = popupStep({}, "USER joe");
  assert.deepEqual(a.replies, ["+OK "]);
  const b = popupStep(a.state, "PASS two words");
  assert.deepEqual(b.replies, []);
  assert.deepEqual(b.effect, { kind: "auth", user: "joe", password: "two words" });
});

Deno.test("APOP hands the name and the digest as the password", () => {
  const s = popupStep({}, "APOP joe c4c9334bac560ecc979e58001b3e22fb");
  assert.deepEqual(s.effect, {
    kind: "auth",
    user: "joe",
    password: "c4c9334bac560ecc979e58001b3e22fb",
  });
});

Deno.test("qmail-popup's refusals before authentication", () => {
  assert.deepEqual(popupStep({}, "PASS x").replies, ["-ERR USER first"]);
  assert.deepEqual(popupStep({}, "USER").replies, ["-ERR syntax error"]);
  assert.deepEqual(popupStep({ user: "joe" }, "PASS").replies, ["-ERR syntax error"]);
  assert.deepEqual(popupStep({}, "APOP joe").replies, ["-ERR syntax error"]);
  assert.deepEqual(popupStep({}, "STAT").replies, ["-ERR authorization first"]);
  assert.deepEqual(popupStep({}, "RETR 1").replies, ["-ERR authorization first"]);
  assert.deepEqual(popupStep({}, "noop").replies, ["+OK "]);
  assert.deepEqual(popupStep({}, "QUIT").effect, { kind: "quit" });
});

Deno.test("the checkpassword input is NUL-separated and NUL-terminated", () => {
  assert.equal(checkpasswordInput("joe", "pw", "<1.2@h>"), "joe\0pw\0<1.2@h>\0");
});
