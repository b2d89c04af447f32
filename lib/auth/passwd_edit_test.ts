import assert from "node:assert/strict";
import { deleteEntry, setEntry } from "./passwd_edit.ts";

Deno.test("setEntry replaces the line of the same name and keeps comments and order", () => {
  const text = "# accounts\nann:h1:::::\njoe:h2:::::\n";
  assert.equal(
    setEntry(text, { name: "ann", hash: "h3" }),
    "# accounts\nann:h3:::::\njoe:h2:::::\n",
  );
  assert.equal(setEntry(text, { name: "bob", hash: "h4" }), text + "bob:h4:::::\n");
  assert.equal(setEntry("", { name: "bob", hash: "h4" }), "bob:h4:::::\n");
});

Deno.test("deleteEntry removes exactly the named account", () => {
  const text = "# ann:not an account\nann:h1:::::\njoe:h2:::::\n";
  assert.deepEqual(deleteEntry(text, "ann"), {
    text: "# ann:not an account\njoe:h2:::::\n",
    found: true,
  });
  assert.deepEqual(deleteEntry(text, "bob"), { text, found: false });
});
