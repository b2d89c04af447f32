import assert from "node:assert/strict";
import { applyQuit, cleanTmp, scanMaildir } from "./maildir.ts";
import { makeMaildir } from "./_testing.ts";

function tempMaildir(): { dir: string } & Disposable {
  const dir = Deno.makeTempDirSync({ prefix: "qmt-maildir-" });
  return { dir, [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }) };
}

Deno.test("the scan lists new/ and cur/ oldest first with file sizes, skipping dot files", () => {
  using t = tempMaildir();
  makeMaildir(t.dir, [["b", "22"], ["cur/a:2,S", "1"], ["c", "333"]]);
  Deno.writeTextFileSync(`${t.dir}/new/.hidden`, "x");
  assert.deepEqual(scanMaildir(t.dir, new Date()), [
    { fn: "new/b", size: 2 },
    { fn: "cur/a:2,S", size: 1 },
    { fn: "new/c", size: 3 },
  ]);
});

Deno.test("the scan leaves out messages of the current second (qmail's maildir_scan)", () => {
  using t = tempMaildir();
  makeMaildir(t.dir, [["old", "x"]]);
  Deno.writeTextFileSync(`${t.dir}/new/fresh`, "y");
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  Deno.utimeSync(`${t.dir}/new/fresh`, now, now);
  assert.deepEqual(scanMaildir(t.dir, now).map((m) => m.fn), ["new/old"]);
});

Deno.test("the scan fails without new/ or cur/", () => {
  using t = tempMaildir();
  assert.throws(() => scanMaildir(t.dir, new Date()));
});

Deno.test("QUIT removes the deleted and moves kept new/ messages to cur/ with :2,", () => {
  using t = tempMaildir();
  makeMaildir(t.dir, [["a", "1"], ["b", "2"], ["cur/c:2,S", "3"]]);
  assert.equal(applyQuit(t.dir, ["new/a"], ["new/b", "cur/c:2,S"]), true);
  assert.deepEqual([...Deno.readDirSync(`${t.dir}/new`)], []);
  assert.deepEqual([...Deno.readDirSync(`${t.dir}/cur`)].map((e) => e.name).sort(), [
    "b:2,",
    "c:2,S",
  ]);
});

Deno.test("tmp/ files older than 36 hours are cleaned, younger ones stay", () => {
  using t = tempMaildir();
  makeMaildir(t.dir, []);
  Deno.writeTextFileSync(`${t.dir}/tmp/old`, "");
  Deno.writeTextFileSync(`${t.dir}/tmp/young`, "");
  const now = Date.now() / 1000;
  Deno.utimeSync(`${t.dir}/tmp/old`, now - 129601 - 10, now - 129601 - 10);
  cleanTmp(t.dir, new Date());
  assert.deepEqual([...Deno.readDirSync(`${t.dir}/tmp`)].map((e) => e.name), ["young"]);
});
