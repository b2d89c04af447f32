import assert from "node:assert/strict";
import { parseRuleLine, parseRules, RuleSyntaxError } from "./parse.ts";

Deno.test("tcprules: allow, deny and variables become ucspi-tcp's record values", () => {
  assert.deepEqual(
    parseRules('1.2.3.4:allow\n127.:allow,RELAYCLIENT=""\n:deny\n5.5.5.5:deny,X="1"\n'),
    [
      { key: "1.2.3.4", data: "" },
      { key: "127.", data: "+RELAYCLIENT=\0" },
      { key: "", data: "D\0" },
      { key: "5.5.5.5", data: "D\0+X=1\0" },
    ],
  );
});

Deno.test("tcprules: any repeated character quotes a value, and variables may repeat", () => {
  assert.deepEqual(parseRuleLine('10.0.:allow,RELAYCLIENT=/@fix.me/,X=|a"b|,X=xx'), [
    { key: "10.0.", data: '+RELAYCLIENT=@fix.me\0+X=a"b\0+X=\0' },
  ]);
});

Deno.test("tcprules: comments, empty lines and lines without a colon are skipped", () => {
  assert.deepEqual(parseRules("# a comment\n\nnocolon\n1.2.3.7\n"), []);
});

Deno.test("tcprules: trailing blanks are dropped, leading ones kept in the key", () => {
  assert.deepEqual(parseRules(" 9.9.9.9:allow  \t\n9.9.9.8 :allow"), [
    { key: " 9.9.9.9", data: "" },
    { key: "9.9.9.8 ", data: "" },
  ]);
});

Deno.test("tcprules: ranges expand to one record per number, capped at 255", () => {
  assert.deepEqual(parseRuleLine("1.2.3.37-39:deny").map((r) => r.key), [
    "1.2.3.37",
    "1.2.3.38",
    "1.2.3.39",
  ]);
  assert.deepEqual(parseRuleLine("10.2-3.:allow").map((r) => r.key), ["10.2.", "10.3."]);
  assert.deepEqual(parseRuleLine("1.2.3.-2:allow").map((r) => r.key), [
    "1.2.3.0",
    "1.2.3.1",
    "1.2.3.2",
  ]);
  assert.equal(parseRuleLine("1.2.254-999:allow").length, 2);
  assert.deepEqual(parseRuleLine("1.2.300-302.:allow"), []);
});

Deno.test("tcprules: names and info@ addresses are never ranges", () => {
  assert.deepEqual(parseRuleLine("=x-y.com:allow").map((r) => r.key), ["=x-y.com"]);
  assert.deepEqual(parseRuleLine("a@b-c:allow").map((r) => r.key), ["a@b-c"]);
});

Deno.test("tcprules: bad lines are reported without their trailing blanks", () => {
  for (
    const line of [
      "1.2.3.5:allow,BAD",
      "1.2.3.6:foo",
      '1.2.3.8:allow,C="unterminated',
      "1.1.1.2:allowextra",
      "1.2.x-3:allow",
      "1.2.3.4:allow,X=",
    ]
  ) {
    assert.throws(
      () => parseRules(`${line}  \n`),
      (e) => e instanceof RuleSyntaxError && e.line === line,
      line,
    );
  }
});

Deno.test("tcprules: an IPv6 address is separated at the colon before allow or deny", () => {
  assert.deepEqual(parseRules('::1:allow,RELAYCLIENT=""\n2001:db8::deny\n'), [
    { key: "::1", data: "+RELAYCLIENT=\0" },
    { key: "2001:db8:", data: "D\0" },
  ]);
});

Deno.test("tcprules: bytes outside ASCII pass through unchanged", () => {
  assert.deepEqual(parseRuleLine('=h\xe9.example:allow,N="\xff"'), [
    { key: "=h\xe9.example", data: "+N=\xff\0" },
  ]);
});
