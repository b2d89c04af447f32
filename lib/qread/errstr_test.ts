import assert from "node:assert/strict";
import { errorText } from "./errstr.ts";

function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

Deno.test("qmail's error texts name a missing file and a non-directory", () => {
  assert.equal(errorText(thrownBy(() => Deno.statSync("/nonexistent/x"))), "file does not exist");
  const notDir = thrownBy(() => [...Deno.readDirSync("/etc/passwd")]);
  assert.equal(errorText(notDir), "not a directory");
});

Deno.test("qmail's error texts read a sandbox denial as access denied", () => {
  assert.equal(errorText(new Deno.errors.NotCapable("no")), "access denied");
  assert.equal(errorText(new Deno.errors.PermissionDenied("no")), "access denied");
});

Deno.test("an error without a known errno keeps its own message", () => {
  assert.equal(errorText(new Error("odd")), "odd");
  assert.equal(errorText("plain"), "plain");
});
