import assert from "node:assert/strict";
import { tokenize, unparse, unquote } from "./token822.ts";

const types = (s: string) => tokenize(s)?.map((t) => t.type);

Deno.test("tokenize splits atoms, specials, quoted strings, literals and comments", () => {
  assert.deepEqual(types('To: "a b" <c@[1.2.3.4]> (x), d.e;'), [
    "atom",
    ":",
    "quote",
    "<",
    "atom",
    "@",
    "literal",
    ">",
    "comment",
    ",",
    "atom",
    ".",
    "atom",
    ";",
  ]);
});

Deno.test("tokenize keeps the text of quoted strings, literals and comments without delimiters", () => {
  assert.deepEqual(tokenize('"a\\"b" [x\\]] (c)'), [
    { type: "quote", s: 'a"b' },
    { type: "literal", s: "x]" },
    { type: "comment", s: "c" },
  ]);
});

Deno.test("tokenize drops nested comment parentheses but keeps their text", () => {
  assert.deepEqual(tokenize("(a (b) c)"), [{ type: "comment", s: "a b c" }]);
});

Deno.test("tokenize fails on unbalanced comments, quotes and literals", () => {
  for (const s of ["(a", '"a', "[a", "a)", ")", "]", '"a\\']) {
    if (s === "a)") continue; // a ')' inside an atom is allowed
    assert.equal(tokenize(s), undefined, s);
  }
});

Deno.test("tokenize lets ) and ] inside an atom and makes that atom a quoted string", () => {
  assert.deepEqual(tokenize("a)b"), [{ type: "quote", s: "a)b" }]);
});

Deno.test("tokenize turns atoms with 8-bit or control characters into quoted strings", () => {
  assert.deepEqual(tokenize("j\xe9"), [{ type: "quote", s: "j\xe9" }]);
  assert.deepEqual(tokenize("a\x01"), [{ type: "quote", s: "a\x01" }]);
});

Deno.test("tokenize takes a backslash in an atom as escaping the next character", () => {
  assert.deepEqual(tokenize("a\\ b"), [{ type: "atom", s: "a b" }]);
});

Deno.test("tokenize treats spaces, tabs, CR and LF as separators", () => {
  assert.deepEqual(types("a \t\r\n b"), ["atom", "atom"]);
});

Deno.test("unparse puts a space after colons and commas and before <", () => {
  assert.equal(unparse(tokenize("To:a,b<c@d>")!), "To: a, b <c@d>\n");
});

Deno.test("unparse escapes quotes, brackets, parentheses, backslashes, CR and LF", () => {
  assert.equal(unparse([{ type: "quote", s: 'a"b\\c\n' }]), '"a\\"b\\\\c\\\n"\n');
  assert.equal(unparse([{ type: "comment", s: "(x)" }]), "(\\(x\\))\n");
});

Deno.test("unparse breaks a long address list after commas, indenting by two spaces", () => {
  const list = Array.from({ length: 8 }, (_, i) => `user${i}@example.com`).join(",");
  assert.equal(
    unparse(tokenize(`To: ${list}`)!),
    // qmail measures the line with the pending break still in it, so it breaks a little early.
    "To: user0@example.com, user1@example.com, user2@example.com,\n" +
      "  user3@example.com, user4@example.com, user5@example.com, user6@example.com,\n" +
      "  user7@example.com\n",
  );
});

Deno.test("unparse with line length 0 never breaks lines", () => {
  const list = Array.from({ length: 8 }, (_, i) => `user${i}@example.com`).join(",");
  assert.equal(unparse(tokenize(`To: ${list}`)!, 0).split("\n").length, 2);
});

Deno.test("unquote gives the bare address: no comments, no quotes, literals in brackets", () => {
  assert.equal(unquote(tokenize('"joe q" @ [1.2.3.4] (Joe)')!), "joe q@[1.2.3.4]");
});
