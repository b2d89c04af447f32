import assert from "node:assert/strict";
import { BadMailFrom } from "./badmailfrom.ts";

Deno.test("badmailfrom refuses listed addresses and @host entries, ignoring case", () => {
  const b = BadMailFrom.parse(["joe@example.com", "@spam.example"]);
  assert.ok(b.matches("joe@example.com"));
  assert.ok(b.matches("JOE@Example.COM"));
  assert.ok(b.matches("anyone@spam.example"));
  assert.ok(!b.matches("anyone@sub.spam.example"), "@host is not a suffix match");
  assert.ok(!b.matches("bob@example.com"));
  assert.ok(!b.matches(""), "the null sender is never refused");
});
