import assert from "node:assert/strict";
import { fsyncDir, holdDirHandles } from "./dirsync.ts";

/** How many open descriptors of this process refer to `dir`. */
function descriptorsOf(dir: string): number {
  let n = 0;
  for (const e of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${e.name}`) === dir) n++;
    } catch {
      // closed while listing
    }
  }
  return n;
}

Deno.test("fsyncDir without a hold leaves no directory open", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    await fsyncDir(dir);
    assert.equal(descriptorsOf(dir), 0);
  } finally {
    Deno.removeSync(dir);
  }
});

Deno.test("fsyncDir keeps one handle per directory while held and closes it at the last release", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const a = holdDirHandles();
    const b = holdDirHandles();
    await fsyncDir(dir);
    await Promise.all([fsyncDir(dir), fsyncDir(dir)]);
    assert.equal(descriptorsOf(dir), 1);
    a.release();
    a.release(); // a second release of the same hold counts once
    assert.equal(descriptorsOf(dir), 1);
    b.release();
    assert.equal(descriptorsOf(dir), 0);
  } finally {
    Deno.removeSync(dir);
  }
});

Deno.test("fsyncDir through a held handle still fails for a directory that is gone", async () => {
  const dir = Deno.makeTempDirSync();
  Deno.removeSync(dir);
  const hold = holdDirHandles();
  try {
    await assert.rejects(fsyncDir(dir), Deno.errors.NotFound);
  } finally {
    hold.release();
  }
});
