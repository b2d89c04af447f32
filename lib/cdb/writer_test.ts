import assert from "node:assert/strict";
import { buildCdb } from "./build.ts";
import { Cdb } from "./reader.ts";
import { CdbWriter } from "./writer.ts";

async function withDir(body: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("CdbWriter writes the same bytes as buildCdb and removes its temporary file", () =>
  withDir((dir) => {
    const records: [string, string][] = [["a", "1"], ["bb", ""], ["a", "2"], ["", "x"]];
    const w = CdbWriter.create(`${dir}/db.cdb`);
    for (const [k, v] of records) w.add(k, v);
    assert.equal(w.count, 4);
    w.finish();
    assert.deepEqual(Deno.readFileSync(`${dir}/db.cdb`), buildCdb(records));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["db.cdb"]);
  }));

Deno.test("CdbWriter builds in the given temporary path (qmail-newmrh's .tmp name)", () =>
  withDir((dir) => {
    const w = CdbWriter.create(`${dir}/morercpthosts.cdb`, { tmpPath: `${dir}/morercpthosts.tmp` });
    w.add("example.org", "");
    assert.ok(Deno.statSync(`${dir}/morercpthosts.tmp`).isFile);
    w.finish();
    using db = Cdb.openSync(`${dir}/morercpthosts.cdb`);
    assert.ok(db.has("example.org"));
  }));

Deno.test("CdbWriter.abort leaves the old database in place", () =>
  withDir((dir) => {
    const path = `${dir}/db.cdb`;
    Deno.writeFileSync(path, buildCdb([["old", "1"]]));
    {
      using w = CdbWriter.create(path);
      w.add("new", "2");
      // leaving the block without finish() aborts
    }
    using db = Cdb.openSync(path);
    assert.ok(db.has("old"));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["db.cdb"]);
  }));

Deno.test("CdbWriter refuses records after finish", () =>
  withDir((dir) => {
    const w = CdbWriter.create(`${dir}/db.cdb`);
    w.finish();
    assert.throws(() => w.add("k", "v"));
  }));

Deno.test("CdbWriter handles 200000 records and values bigger than its buffer", () =>
  withDir((dir) => {
    const path = `${dir}/big.cdb`;
    const w = CdbWriter.create(path);
    for (let i = 0; i < 200_000; i++) w.add(`k${i}`, `${i}`);
    const huge = new Uint8Array(200_000).fill(7);
    w.add("huge", huge);
    w.finish();
    using db = Cdb.openSync(path, { mode: "file" });
    assert.equal(db.getString("k0"), "0");
    assert.equal(db.getString("k199999"), "199999");
    assert.deepEqual(db.get("huge"), huge);
    assert.equal(db.get("k200000"), undefined);
  }));

Deno.test("CdbWriter gives the database its mode whatever the umask", () =>
  withDir((dir) => {
    const w = CdbWriter.create(`${dir}/db.cdb`, { mode: 0o640 });
    w.finish();
    assert.equal(Deno.statSync(`${dir}/db.cdb`).mode! & 0o777, 0o640);
    const v = CdbWriter.create(`${dir}/default.cdb`);
    v.finish();
    assert.equal(Deno.statSync(`${dir}/default.cdb`).mode! & 0o777, 0o644);
  }));
