import assert from "node:assert/strict";
import { asciiLower, ConstMap } from "./constmap.ts";

Deno.test("ConstMap keys ignore ASCII case only", () => {
  const m = ConstMap.fromLines(["Example.COM", "ÄBC"]);
  assert.ok(m.has("example.com"));
  assert.ok(m.has("EXAMPLE.com"));
  assert.ok(m.has("ÄBC"));
  assert.ok(!m.has("äbc"), "non-ASCII letters are compared as they are");
  assert.equal(asciiLower("AbÇ"), "abÇ");
});

Deno.test("ConstMap in colon mode splits at the first colon and skips lines without one", () => {
  const m = ConstMap.fromLines(["a.example:relay:26", "nocolon", ":catchall"], true);
  assert.equal(m.get("A.example"), "relay:26");
  assert.equal(m.get(""), "catchall");
  assert.equal(m.get("nocolon"), undefined);
  assert.equal(m.size, 2);
});

Deno.test("ConstMap takes the later of two lines with the same key, as qmail's constmap", () => {
  const m = ConstMap.fromLines(["x.example:first", "X.EXAMPLE:second"], true);
  assert.equal(m.get("x.example"), "second");
  assert.deepEqual(m.find("x.example"), { key: "X.EXAMPLE", value: "second" });
});
