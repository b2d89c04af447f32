import assert from "node:assert/strict";
import { buildCdb } from "../cdb/build.ts";
import { Cdb } from "../cdb/reader.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import { decodeRule, lookupRules, ruleKeys } from "./lookup.ts";
import { parseRules } from "./parse.ts";

function db(rules: string): Cdb {
  return Cdb.fromBytes(
    buildCdb(parseRules(rules).map((r) => [latin1ToBytes(r.key), latin1ToBytes(r.data)])),
  );
}

Deno.test("rules: keys are tried in tcprules(1)'s order", () => {
  assert.deepEqual(ruleKeys({ ip: "1.2.3.4", host: "a.b.example", info: "joe" }), [
    "joe@1.2.3.4",
    "joe@=a.b.example",
    "1.2.3.4",
    "=a.b.example",
    "1.2.3.",
    "1.2.",
    "1.",
    "=.b.example",
    "=.example",
    "=",
    "",
  ]);
  assert.deepEqual(ruleKeys({ ip: "1.2.3.4" }), ["1.2.3.4", "1.2.3.", "1.2.", "1.", ""]);
});

Deno.test("rules: IPv6 prefixes end in a colon", () => {
  assert.deepEqual(ruleKeys({ ip: "2001:db8::1" }), [
    "2001:db8::1",
    "2001:db8::",
    "2001:db8:",
    "2001:",
    "",
  ]);
});

Deno.test("rules: the man page's example picks first, second, third and fourth", () => {
  const rules = db(
    'joe@127.0.0.1:allow,R="first"\n18.23.0.32:allow,R="second"\n' +
      ':allow,R="third"\n127.:allow,R="fourth"\n',
  );
  const pick = (ip: string, info?: string) => lookupRules(rules, { ip, info })?.env[0][1];
  assert.equal(pick("10.119.75.38"), "third");
  assert.equal(pick("18.23.0.32"), "second");
  assert.equal(pick("127.0.0.1", "bill"), "fourth");
  assert.equal(pick("127.0.0.1", "joe"), "first");
});

Deno.test("rules: deny wins over variables; the first of repeated keys is followed", () => {
  const rules = db('5.5.5.5:deny,X="1"\n5.5.5.5:allow\n=.example.com:deny\n');
  assert.deepEqual(lookupRules(rules, { ip: "5.5.5.5" }), {
    key: "5.5.5.5",
    deny: true,
    env: [["X", "1"]],
  });
  assert.equal(lookupRules(rules, { ip: "9.9.9.9", host: "mx.example.com" })?.deny, true);
  assert.equal(lookupRules(rules, { ip: "9.9.9.9" }), undefined);
});

Deno.test("rules: record values are read as tcpserver does, ignoring junk", () => {
  const d = decodeRule("k", new TextEncoder().encode("xjunk\0+NOEQ\0+A=b=c\0D\0+TAIL=x"));
  assert.deepEqual(d, { key: "k", deny: true, env: [["A", "b=c"]] });
});
