/**
 * Interop with tinycdb's `cdb` tool (Debian package tinycdb): files it makes
 * are byte-identical to ours, and it reads ours. The test installs the
 * package when it can, and skips with a printed reason when it cannot.
 */
import assert from "node:assert/strict";
import { buildCdb } from "./build.ts";
import { Cdb } from "./reader.ts";

async function run(cmd: string, args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  return await child.output();
}

async function hasCdbTool(): Promise<boolean> {
  try {
    return (await run("cdb", ["-h"])).success;
  } catch {
    return false;
  }
}

/** Makes sure tinycdb's `cdb` is installed; returns why not when it cannot be. */
async function ensureTinycdb(): Promise<string | undefined> {
  if (await hasCdbTool()) return undefined;
  if (Deno.uid() !== 0) return "tinycdb is not installed and the test is not root";
  try {
    const r = await run("apt-get", ["install", "-y", "-q", "tinycdb"]);
    if (!r.success) return `apt-get install tinycdb failed: ${new TextDecoder().decode(r.stderr)}`;
  } catch (e) {
    return `apt-get unavailable: ${e}`;
  }
  return (await hasCdbTool()) ? undefined : "tinycdb installed but `cdb` is not on PATH";
}

/** cdbmake's input format: +klen,dlen:key->data per record, then an empty line. */
function cdbmakeInput(records: [Uint8Array, Uint8Array][]): Uint8Array {
  const parts: number[] = [];
  const enc = new TextEncoder();
  for (const [k, v] of records) {
    parts.push(...enc.encode(`+${k.length},${v.length}:`), ...k, ...enc.encode("->"), ...v, 10);
  }
  parts.push(10);
  return new Uint8Array(parts);
}

/** A deterministic record list with repeats, binary bytes and empty keys/values. */
function sampleRecords(n: number): [Uint8Array, Uint8Array][] {
  let seed = 12345;
  const rand = (m: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % m;
  };
  const out: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < n; i++) {
    const k = Uint8Array.from({ length: rand(6) }, () => rand(256));
    const v = Uint8Array.from({ length: rand(30) }, () => rand(256));
    out.push([k, v]);
  }
  return out;
}

const skip = await ensureTinycdb();

Deno.test("tinycdb's cdb -c makes byte-identical files to buildCdb", async () => {
  if (skip) return console.log(`skipped: ${skip}`);
  const dir = await Deno.makeTempDir();
  try {
    for (const n of [0, 1, 3, 500, 5000]) {
      const records = sampleRecords(n);
      const path = `${dir}/t${n}.cdb`;
      const r = await run("cdb", ["-c", "-t", `${path}.tmp`, path, "-"], cdbmakeInput(records));
      assert.ok(r.success, new TextDecoder().decode(r.stderr));
      assert.deepEqual(await Deno.readFile(path), buildCdb(records), `${n} records`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tinycdb reads and dumps a database we built", async () => {
  if (skip) return console.log(`skipped: ${skip}`);
  const dir = await Deno.makeTempDir();
  try {
    const records = sampleRecords(2000);
    const enc = new TextEncoder();
    records.push([enc.encode("dup"), enc.encode("first")], [enc.encode("dup"), enc.encode("2nd")]);
    const path = `${dir}/ours.cdb`;
    await Deno.writeFile(path, buildCdb(records));
    const dump = await run("cdb", ["-d", path]);
    assert.ok(dump.success);
    assert.deepEqual(dump.stdout, cdbmakeInput(records));
    const all = await run("cdb", ["-q", "-m", path, "dup"]);
    assert.equal(new TextDecoder().decode(all.stdout), "first\n2nd\n");
    const second = await run("cdb", ["-q", "-n", "2", path, "dup"]);
    assert.equal(new TextDecoder().decode(second.stdout), "2nd");
    // and we read tinycdb's own file of the same records
    const theirs = `${dir}/theirs.cdb`;
    await run("cdb", ["-c", theirs, "-"], cdbmakeInput(records));
    using db = Cdb.openSync(theirs, { mode: "file" });
    assert.deepEqual(db.getAll("dup").map((b) => new TextDecoder().decode(b)), ["first", "2nd"]);
    assert.deepEqual([...db], records);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
