import assert from "node:assert/strict";
import { buildBundle, bundleDir, freshBundle } from "./bundle.ts";

Deno.test("a worker bundle is used while its sources are unchanged, and not after", async () => {
  const workers = await Deno.makeTempDir();
  try {
    assert.equal(freshBundle("qmail-inject", workers), undefined);
    await buildBundle("qmail-inject", workers);
    const entry = freshBundle("qmail-inject", workers);
    assert.ok(entry?.startsWith("file://"));
    const mod = await import(entry!);
    assert.equal(typeof mod.runProgram, "function");
    assert.equal(typeof mod.main, "function");

    const file = `${bundleDir("qmail-inject", workers)}/manifest.json`;
    const manifest = JSON.parse(await Deno.readTextFile(file));
    assert.ok(manifest.sources.some(([p]: [string]) => p.endsWith("/lib/inject/inject.ts")));
    manifest.sources[0][2] += 1; // as if that source had been edited since
    await Deno.writeTextFile(file, JSON.stringify(manifest));
    assert.equal(freshBundle("qmail-inject", workers), undefined);
  } finally {
    await Deno.remove(workers, { recursive: true });
  }
});
