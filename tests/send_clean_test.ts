import assert from "node:assert/strict";
import { makeTree, runQmail } from "./helpers.ts";

Deno.test("qmail-clean answers +, + and x and removes intd/, todo/ and mess/ files", async () => {
  using tree = await makeTree();
  const q = `${tree.home}/queue`;
  Deno.writeFileSync(`${q}/intd/70`, new Uint8Array());
  Deno.writeFileSync(`${q}/todo/70`, new Uint8Array());
  Deno.writeFileSync(`${q}/mess/${70 % 23}/70`, new Uint8Array());
  const r = await runQmail("qmail-clean", [], {
    home: tree.home,
    stdin: "todo/70\0foop/70\0mess/70\0",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "++x");
  for (const f of ["intd/70", "todo/70", `mess/${70 % 23}/70`]) {
    assert.throws(() => Deno.statSync(`${q}/${f}`), Deno.errors.NotFound);
  }
});
