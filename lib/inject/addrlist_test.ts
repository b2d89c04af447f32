import assert from "node:assert/strict";
import { addressList, type AddressRewriter } from "./addrlist.ts";
import { tokenize, unparse, unquote } from "./token822.ts";

/** Walks `field`, recording each address and rewriting none. */
function walk(field: string): { out: string | undefined; seen: string[] } {
  const seen: string[] = [];
  const record: AddressRewriter = (a) => {
    seen.push(unquote([...a].reverse()));
    return a;
  };
  const out = addressList(tokenize(field)!, record);
  return { out: out && unparse(out), seen };
}

Deno.test("addressList hands over addresses from right to left", () => {
  assert.deepEqual(walk("To: a@b, c@d").seen, ["c@d", "a@b"]);
});

Deno.test("addressList finds the address inside angle brackets and keeps the phrase", () => {
  const { out, seen } = walk('To: "Joe Q" Public <joe@x> (home)');
  assert.deepEqual(seen, ["joe@x"]);
  assert.equal(out, 'To: "Joe Q" Public <joe@x>(home)\n'); // no space after > (token822)
});

Deno.test("addressList passes an empty route-addr <> to the rewriter", () => {
  assert.deepEqual(walk("Return-Path: <>").seen, [""]);
});

Deno.test("addressList walks the members of a group and keeps the group syntax", () => {
  const { out, seen } = walk("To: friends: a@b, c@d;, e@f");
  assert.deepEqual(seen, ["e@f", "c@d", "a@b"]);
  assert.equal(out, "To: friends: a@b, c@d;, e@f\n");
});

Deno.test("addressList accepts an empty group", () => {
  const { out, seen } = walk("Cc: recipient list not shown: ;");
  assert.deepEqual(seen, []);
  assert.equal(out, "Cc: recipient list not shown: ;\n");
});

Deno.test("addressList inserts commas between old-style space-separated addresses", () => {
  const { out, seen } = walk("To: djb fred");
  assert.deepEqual(seen, ["fred", "djb"]);
  assert.equal(out, "To: djb, fred\n");
});

Deno.test("addressList keeps a source route inside the angle brackets as one address", () => {
  assert.deepEqual(walk("To: <@a,@b:joe@c>").seen, ["@a,@b:joe@c"]);
});

Deno.test("addressList fails on a > without <, a second ; or a : outside a group", () => {
  assert.equal(walk("To: a@b>").out, undefined);
  assert.equal(walk("To: x: a; b;").out, undefined);
  assert.equal(walk("To: a:b").out, undefined);
});

Deno.test("addressList does not insist that a group has a name", () => {
  assert.equal(walk("To: a;").out, "To: a;\n");
});

Deno.test("addressList keeps addresses right of a syntax error already handed over", () => {
  const { out, seen } = walk("To: a@b>, c@d");
  assert.equal(out, undefined);
  assert.deepEqual(seen, ["c@d", "a@b"]);
});
