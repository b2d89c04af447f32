import assert from "node:assert/strict";
import { Cdb } from "../cdb/reader.ts";
import { withControl } from "./_testing.ts";
import { compileMoreRcptHosts, moreRcptHostsKeys, NewMrhError } from "./morercpthosts.ts";
import { RcptHosts } from "./rcpthosts.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

Deno.test("morercpthosts keys are lowercased lines without trailing blanks, comments or empties", () => {
  const text = "Example.COM  \n# comment\n\n \t\n.Sub.Example\t\n  lead.example\nlast.EXAMPLE";
  assert.deepEqual(moreRcptHostsKeys(enc.encode(text)).map((k) => dec.decode(k)), [
    "example.com",
    ".sub.example",
    "  lead.example",
    "last.example",
  ]);
});

Deno.test("morercpthosts lowercases ASCII letters only, leaving other bytes alone", () => {
  const keys = moreRcptHostsKeys(new Uint8Array([0x41, 0xc9, 0x0a]));
  assert.deepEqual(keys, [new Uint8Array([0x61, 0xc9])]);
});

Deno.test("compileMoreRcptHosts writes morercpthosts.cdb that RcptHosts then uses", () =>
  withControl(
    { rcpthosts: "example.com\n", morercpthosts: "More.Example\n.wild.example\n" },
    (home) => {
      assert.equal(compileMoreRcptHosts(home), 2);
      using db = Cdb.openSync(`${home}/control/morercpthosts.cdb`);
      assert.deepEqual([...db].map(([k, v]) => [dec.decode(k), v.length]), [
        ["more.example", 0],
        [".wild.example", 0],
      ]);
      assert.equal(Deno.statSync(`${home}/control/morercpthosts.cdb`).mode! & 0o777, 0o644);
      using rh = RcptHosts.load(home);
      assert.ok(rh.allows("a@MORE.example"));
      assert.ok(rh.allows("a@x.wild.example"));
      assert.ok(!rh.allows("a@nowhere.example"));
    },
  ));

Deno.test("compileMoreRcptHosts without morercpthosts fails and leaves the old database", () =>
  withControl({ "morercpthosts.cdb": "old" }, (home) => {
    assert.throws(
      () => compileMoreRcptHosts(home),
      (e) => e instanceof NewMrhError && e.step === "read",
    );
    assert.equal(Deno.readTextFileSync(`${home}/control/morercpthosts.cdb`), "old");
  }));
