import assert from "node:assert/strict";
import { buildCdb } from "../cdb/build.ts";
import { Cdb } from "../cdb/reader.ts";
import { withControl } from "./_testing.ts";
import { hostSuffixes, RcptHosts } from "./rcpthosts.ts";
import { ControlError } from "./read.ts";

Deno.test("hostSuffixes lists the host, then each .suffix longest first", () => {
  assert.deepEqual(hostSuffixes("a.b.example"), ["a.b.example", ".b.example", ".example"]);
  assert.deepEqual(hostSuffixes("[10.0.0.1]"), ["[10.0.0.1]", ".0.0.1]", ".0.1]", ".1]"]);
});

Deno.test("without rcpthosts every recipient is allowed, and morercpthosts.cdb is ignored", () => {
  const rh = new RcptHosts(undefined, Cdb.fromBytes(buildCdb([])));
  assert.ok(rh.openRelay);
  assert.ok(rh.allows("anyone@anywhere.example"));
});

Deno.test("rcpthosts allows exact domains and .suffix subdomains, ignoring case", () => {
  const rh = new RcptHosts(["example.com", ".example.org"]);
  assert.ok(rh.allows("joe@example.com"));
  assert.ok(rh.allows("joe@EXAMPLE.Com"));
  assert.ok(!rh.allows("joe@sub.example.com"), "example.com does not cover subdomains");
  assert.ok(rh.allows("joe@a.b.example.org"));
  assert.ok(!rh.allows("joe@example.org"), ".example.org does not cover example.org");
  assert.ok(!rh.allows("joe@elsewhere.example"));
});

Deno.test("recipients without @ are always allowed; an empty rcpthosts allows no domain", () => {
  const rh = new RcptHosts([]);
  assert.ok(rh.allows("postmaster"));
  assert.ok(!rh.allows("postmaster@example.com"));
});

Deno.test("the domain is what follows the last @", () => {
  const rh = new RcptHosts(["example.com"]);
  assert.ok(rh.allows('"a@evil.example"@example.com'));
  assert.ok(!rh.allows("a@example.com@evil.example"));
});

Deno.test("address literals match only when listed as such", () => {
  const rh = new RcptHosts(["[192.0.2.1]"]);
  assert.ok(rh.allows("joe@[192.0.2.1]"));
  assert.ok(!rh.allows("joe@[192.0.2.2]"));
});

Deno.test("morercpthosts.cdb is consulted after rcpthosts, exact and .suffix keys", () => {
  const more = Cdb.fromBytes(buildCdb([["more.example", ""], [".wild.example", ""]]));
  using rh = new RcptHosts(["example.com"], more);
  assert.ok(rh.allows("a@example.com"));
  assert.ok(rh.allows("a@MORE.example"));
  assert.ok(rh.allows("a@x.wild.example"));
  assert.ok(!rh.allows("a@wild.example"));
  assert.ok(!rh.allows("a@other.example"));
});

Deno.test("RcptHosts.load reads control/rcpthosts and control/morercpthosts.cdb", () =>
  withControl({ rcpthosts: "example.com\n" }, async (home) => {
    await Deno.writeFile(`${home}/control/morercpthosts.cdb`, buildCdb([["more.example", ""]]));
    using rh = RcptHosts.load(home);
    assert.ok(!rh.openRelay);
    assert.ok(rh.allows("a@example.com"));
    assert.ok(rh.allows("a@more.example"));
    assert.ok(!rh.allows("a@other.example"));
  }));

Deno.test("RcptHosts.load without morercpthosts.cdb uses rcpthosts alone", () =>
  withControl({ rcpthosts: "example.com\n" }, (home) => {
    using rh = RcptHosts.load(home);
    assert.ok(rh.allows("a@example.com"));
    assert.ok(!rh.allows("a@more.example"));
  }));

Deno.test("an unreadable morercpthosts.cdb is a control error", () =>
  withControl({ rcpthosts: "example.com\n" }, async (home) => {
    await Deno.mkdir(`${home}/control/morercpthosts.cdb`);
    assert.throws(() => RcptHosts.load(home), ControlError);
  }));
