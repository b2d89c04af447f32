import assert from "node:assert/strict";
import { virtualDomainKeys, VirtualDomains } from "./virtualdomains.ts";

Deno.test("virtualdomains lookup order: address, domain, .suffixes longest first, then empty", () => {
  assert.deepEqual(virtualDomainKeys("joe@a.b.example"), [
    "joe@a.b.example",
    "a.b.example",
    ".b.example",
    ".example",
    "",
  ]);
});

Deno.test("a virtual domain rewrites every address at it to prepend-address", () => {
  const v = VirtualDomains.parse(["nowhere.mil:joe-foo"]);
  assert.equal(v.rewrite("info@nowhere.mil"), "joe-foo-info@nowhere.mil");
  assert.equal(v.rewrite("info@NOWHERE.MIL"), "joe-foo-info@NOWHERE.MIL");
  assert.equal(v.lookup("info@sub.nowhere.mil"), undefined);
});

Deno.test("a virtual user entry wins over its domain's entry", () => {
  const v = VirtualDomains.parse(["example.com:dom", "sales@example.com:alice"]);
  assert.equal(v.lookup("sales@example.com"), "alice");
  assert.equal(v.lookup("other@example.com"), "dom");
});

Deno.test(".suffix and empty keys are wildcards; the longest suffix wins", () => {
  const v = VirtualDomains.parse([".fax:uucp-fax", ":alias-catchall", ".nowhere.mil:joe-host"]);
  assert.equal(v.lookup("123@x.fax"), "uucp-fax");
  assert.equal(v.lookup("a@fax"), "alias-catchall", ".fax does not match fax itself");
  assert.equal(v.lookup("a@b.c.nowhere.mil"), "joe-host");
  assert.equal(v.lookup("a@elsewhere.org"), "alias-catchall");
});

Deno.test("an empty prepend is an exception: the domain is not virtual", () => {
  const v = VirtualDomains.parse([":catchall", "real.example:"]);
  assert.equal(v.lookup("a@real.example"), undefined);
  assert.equal(v.rewrite("a@real.example"), undefined);
  assert.equal(v.lookup("a@sub.real.example"), "catchall");
});

Deno.test("strip undoes the prepend for bounce reports, only when it is there", () => {
  const v = VirtualDomains.parse(["nowhere.mil:joe-foo", "ex.example:"]);
  assert.equal(v.strip("joe-foo-info@nowhere.mil"), "info@nowhere.mil");
  assert.equal(v.strip("bob@nowhere.mil"), "bob@nowhere.mil");
  assert.equal(v.strip("joe-foo-x@ex.example"), "joe-foo-x@ex.example");
  assert.equal(v.strip("noat"), "noat");
});
