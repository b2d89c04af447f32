import assert from "node:assert/strict";
import { rewriteAddress, type RewriteDomains } from "./rewrite.ts";
import { tokenize, unquote } from "./token822.ts";

const domains: RewriteDomains = {
  defaultHost: tokenize("@silverton")!,
  defaultDomain: tokenize(".berkeley.edu")!,
  plusDomain: tokenize(".cs.berkeley.edu")!,
};

function rw(address: string, d = domains): string {
  return unquote(rewriteAddress(tokenize(address)!.reverse(), d).reverse());
}

Deno.test("an address without a host gets @defaulthost (and defaultdomain when it has no dot)", () => {
  assert.equal(rw("djb"), "djb@silverton.berkeley.edu");
});

Deno.test("a host without a dot gets .defaultdomain", () => {
  assert.equal(rw("djb@silverton"), "djb@silverton.berkeley.edu");
});

Deno.test("a host with a dot is left alone", () => {
  assert.equal(rw("djb@pobox.com"), "djb@pobox.com");
});

Deno.test("a host ending in + loses the + and gets .plusdomain", () => {
  assert.equal(rw("eric@mammoth+"), "eric@mammoth.cs.berkeley.edu");
});

Deno.test("a dotted host ending in + gets plusdomain, not defaultdomain", () => {
  const d = { ...domains, plusDomain: tokenize(".berkeley.edu")! };
  assert.equal(rw("eric@mammoth.cs+", d), "eric@mammoth.cs.berkeley.edu");
});

Deno.test("a defaulthost ending in + gets plusdomain too", () => {
  assert.equal(
    rw("djb", { ...domains, defaultHost: tokenize("@heaven+")! }),
    "djb@heaven.cs.berkeley.edu",
  );
});

Deno.test("a domain literal is not given a default domain", () => {
  assert.equal(rw("djb@[128.32.183.163]"), "djb@[128.32.183.163]");
});

Deno.test("a source route is stripped", () => {
  assert.equal(rw("@a.b,@c.d:joe@x.y"), "joe@x.y");
  assert.equal(rw("@a.b:"), "");
});

Deno.test("the empty address <> and an address at [] are left alone", () => {
  assert.equal(rw(""), "");
  assert.equal(rw("joe-@[]"), "joe-@[]");
});

Deno.test("a trailing dot or @ is removed before the rules apply", () => {
  assert.equal(rw("joe@x.org."), "joe@x.org");
  assert.equal(rw("joe@"), "joe@silverton.berkeley.edu");
  assert.equal(rw("."), "");
  assert.equal(rw("@"), "");
});

Deno.test("! and % in the local part are left alone", () => {
  assert.equal(rw("a!b"), "a!b@silverton.berkeley.edu");
  assert.equal(rw("a%b@c.d"), "a%b@c.d");
});

Deno.test("a quoted local part stays quoted in the token list", () => {
  const out = rewriteAddress(tokenize('"joe q"@x.y')!.reverse(), domains).reverse();
  assert.deepEqual(out.map((t) => t.type), ["quote", "@", "atom", ".", "atom"]);
});
