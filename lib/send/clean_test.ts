import assert from "node:assert/strict";
import { applyClean, cleanupPid, parseCleanCommand } from "./clean.ts";
import { makeQueueHome } from "./_testing.ts";

Deno.test("qmail-clean commands: foop/N and todo/N, anything else is 'x'", () => {
  assert.deepEqual(parseCleanCommand("foop/123"), { request: "foop", id: 123 });
  assert.deepEqual(parseCleanCommand("todo/9"), { request: "todo", id: 9 });
  assert.equal(parseCleanCommand("todo/"), undefined);
  assert.equal(parseCleanCommand("mess/12"), undefined);
  assert.equal(parseCleanCommand("foop/1x"), undefined);
  assert.equal(parseCleanCommand("foop/" + "1".repeat(200)), undefined);
});

Deno.test("foop removes intd and mess; todo removes intd and todo; missing files are fine", async () => {
  const home = await makeQueueHome();
  try {
    const q = `${home}/queue`;
    Deno.writeFileSync(`${q}/intd/46`, new Uint8Array());
    Deno.writeFileSync(`${q}/todo/46`, new Uint8Array());
    Deno.writeFileSync(`${q}/mess/0/46`, new Uint8Array());
    assert.equal(applyClean(q, "todo", 46), "+");
    assert.ok(!Deno.statSync(`${q}/mess/0/46`).isDirectory);
    assert.throws(() => Deno.statSync(`${q}/todo/46`));
    assert.equal(applyClean(q, "foop", 46), "+");
    assert.throws(() => Deno.statSync(`${q}/mess/0/46`));
    assert.equal(applyClean(q, "foop", 46), "+");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("pid/ files untouched for 36 hours are removed, newer ones stay", async () => {
  const home = await makeQueueHome();
  try {
    const q = `${home}/queue`;
    Deno.writeFileSync(`${q}/pid/old`, new Uint8Array());
    Deno.writeFileSync(`${q}/pid/new`, new Uint8Array());
    const old = new Date(Date.now() - 37 * 3600 * 1000);
    Deno.utimeSync(`${q}/pid/old`, old, old);
    cleanupPid(q);
    assert.deepEqual([...Deno.readDirSync(`${q}/pid`)].map((e) => e.name), ["new"]);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
