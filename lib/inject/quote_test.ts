import assert from "node:assert/strict";
import { quote, quote2, quoteNeed } from "./quote.ts";

Deno.test("quoteNeed accepts dot-atoms and rejects specials, spaces, 8-bit and bad dots", () => {
  assert.equal(quoteNeed("joe.q+x-y=z"), false);
  for (const s of ["", "a b", "a,b", "a@b", "a(b", "a\xe9", ".a", "a.", "a..b", "a\x7f"]) {
    assert.equal(quoteNeed(s), true, JSON.stringify(s));
  }
});

Deno.test("quote escapes CR, LF, double quote and backslash inside the quotes", () => {
  assert.equal(quote('a "b"\\'), '"a \\"b\\"\\\\"');
  assert.equal(quote("plain"), "plain");
});

Deno.test("quote2 quotes only the part before the last @", () => {
  assert.equal(quote2("joe q@x@y"), '"joe q@x"@y');
  assert.equal(quote2("joe q"), '"joe q"');
  assert.equal(quote2(""), "");
});
