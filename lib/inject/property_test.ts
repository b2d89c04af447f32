import assert from "node:assert/strict";
import fc from "fast-check";
import { inject } from "./_testing.ts";
import { InjectError } from "./errors.ts";
import { splitHeader } from "./headerbody.ts";
import { tokenize, unparse } from "./token822.ts";

/** A string of arbitrary bytes, one character per byte. */
const bytes = (max: number) =>
  fc.uint8Array({ maxLength: max }).map((a) => String.fromCharCode(...a));

/** Header-like text: field names, address syntax, folds and 8-bit bytes. */
const headerText = fc.array(
  fc.oneof(
    fc.constantFrom("To:", "Cc:", "From:", "Bcc:", "Return-Path:", "Resent-To:", "Sender:"),
    fc.constantFrom("@", ",", ";", ":", "<", ">", "(", ")", '"', "[", "]", ".", "\\", " "),
    fc.constantFrom("\n", "\n ", "\n\t", "a", "joe", "x.org", "h+", "\xe9", "\r"),
    bytes(4),
  ),
  { maxLength: 40 },
).map((parts) => parts.join(""));

/** A header of well-formed fields (so the blank line after it ends the header). */
const fields = fc.array(
  fc.tuple(
    fc.constantFrom("To", "Cc", "Subject", "From", "Reply-To", "Resent-Cc", "X-Any"),
    fc.array(fc.oneof(headerText, bytes(10)).map((s) => s.replace(/\n(?![ \t])/g, "\n ")), {
      maxLength: 3,
    }),
  ).map(([name, parts]) => `${name}: ${parts.join("").replace(/\n$/, "")}\n`),
  { maxLength: 6 },
).map((f) => f.join(""));

/** Runs inject, accepting only InjectError as a failure. */
function tryInject(text: string) {
  try {
    return inject(text);
  } catch (e) {
    if (e instanceof InjectError) return undefined;
    throw e;
  }
}

Deno.test("qmail-inject never alters the body after the blank line", () => {
  fc.assert(
    fc.property(fields, bytes(300), (header, body) => {
      const got = tryInject(`${header}\n${body}`);
      if (!got) return;
      const expected = "\n" + body + (body && !body.endsWith("\n") ? "\n" : "");
      assert.ok(got.text.endsWith(expected));
      const split = splitHeader(Uint8Array.from(`${header}\n`, (c) => c.charCodeAt(0)), true)!;
      assert.equal(split.hasBody, true);
    }),
    { numRuns: 300, seed: 4242 },
  );
});

Deno.test("qmail-inject fails only with InjectError on arbitrary header bytes", () => {
  fc.assert(
    fc.property(fc.oneof(headerText, bytes(200)), (text) => {
      tryInject(text);
    }),
    { numRuns: 500, seed: 4242 },
  );
});

Deno.test("tokenize never throws, and unparse gives back the same tokens", () => {
  fc.assert(
    fc.property(headerText, (text) => {
      const tokens = tokenize(text);
      if (!tokens || text.includes("\\")) return; // escaped specials in atoms do not survive
      assert.deepEqual(tokenize(unparse(tokens)), tokens);
    }),
    { numRuns: 500, seed: 4242 },
  );
});

Deno.test("qmail-inject's output header is stable when injected again", () => {
  fc.assert(
    fc.property(fields, (header) => {
      // qmail writes an escaped CR or LF back as backslash-newline, which breaks the header.
      if (header.includes("\\")) return;
      const once = tryInject(`${header}\n`);
      if (!once) return;
      const twice = tryInject(once.text);
      assert.ok(twice);
      assert.equal(twice.text, once.text);
    }),
    { numRuns: 300, seed: 4242 },
  );
});
