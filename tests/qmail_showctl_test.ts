/**
 * qmail-showctl run as users run it (main.ts, sandboxed) on temporary trees.
 */
import assert from "node:assert/strict";
import { makeTree, runQmail } from "./helpers.ts";

Deno.test("qmail-showctl prints the compiled settings, ids and every control file of a tree", async () => {
  using tree = await makeTree("mail.example.com");
  const r = await runQmail("qmail-showctl", [], { home: tree.home });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.deepEqual(lines.slice(0, 5), [
    `qmail home directory: ${tree.home}.`,
    "user-ext delimiter: -.",
    "paternalism (in decimal): 2.",
    "silent concurrency limit: 120.",
    "subdirectory split: 23.",
  ]);
  // a single-user tree runs every role as the caller
  const uid = Deno.uid();
  const gid = Deno.gid();
  assert.equal(lines[5], `user ids: ${Array(8).fill(uid).join(", ")}.`);
  assert.match(lines[6], new RegExp(`^group ids: \\d+, ${gid}\\.$`));
  assert.ok(r.stdout.includes("\nme: This host is mail.example.com.\n"));
  assert.ok(
    r.stdout.includes("\nrcpthosts: \nSMTP clients may send to recipients at mail.example.com.\n"),
  );
  assert.ok(r.stdout.includes("\nqueuelifetime: (Default.) "));
});

Deno.test("qmail-showctl exits 111 when the tree has no control directory", async () => {
  const home = await Deno.makeTempDir({ prefix: "qmt-showctl-" });
  try {
    const r = await runQmail("qmail-showctl", [], { home });
    assert.equal(r.code, 111);
    assert.match(r.stdout, /^qmail home directory: /);
    assert.match(r.stdout, /Oops! Unable to list .*control/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
