import assert from "node:assert/strict";
import { buildCdb } from "./build.ts";
import { CdbError } from "./errors.ts";
import { Cdb } from "./reader.ts";

const text = (b: Uint8Array | undefined) => b && new TextDecoder().decode(b);

Deno.test("Cdb.get finds each key's first record and misses absent keys", () => {
  const db = Cdb.fromBytes(buildCdb([["one", "1"], ["two", "2"], ["one", "uno"], ["", "empty"]]));
  assert.equal(text(db.get("one")), "1");
  assert.equal(db.getString("two"), "2");
  assert.equal(db.getString(""), "empty");
  assert.equal(db.get("three"), undefined);
  assert.equal(db.has("on"), false);
});

Deno.test("Cdb.getAll returns every record of a repeated key in the order added", () => {
  const db = Cdb.fromBytes(buildCdb([["k", "a"], ["x", "-"], ["k", "b"], ["k", "c"]]));
  assert.deepEqual(db.getAll("k").map(text), ["a", "b", "c"]);
  assert.deepEqual(db.getAll("nope"), []);
});

Deno.test("Cdb.entries walks all records in file order, byte keys included", () => {
  const records: [Uint8Array, Uint8Array][] = [
    [new Uint8Array([0, 255, 10]), new Uint8Array([1])],
    [new Uint8Array([]), new Uint8Array([])],
    [new Uint8Array([0, 255, 10]), new Uint8Array([2, 3])],
  ];
  const db = Cdb.fromBytes(buildCdb(records));
  assert.deepEqual([...db], records);
  assert.deepEqual(db.get(new Uint8Array([0, 255, 10])), new Uint8Array([1]));
});

Deno.test("Cdb rejects a file shorter than the header", () => {
  assert.throws(() => Cdb.fromBytes(new Uint8Array(100)), CdbError);
});

Deno.test("Cdb lookups in a truncated file throw CdbError rather than misread", () => {
  const full = buildCdb([["a", "1"]]);
  const db = Cdb.fromBytes(full.subarray(0, 2060)); // header fine, tables cut off
  assert.throws(() => db.get("a"), CdbError);
  assert.throws(() => [...Cdb.fromBytes(full.subarray(0, 2052))], CdbError);
});

Deno.test("Cdb.openSync reads the same data in memory and by positioned reads", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.cdb`;
    const records: [string, string][] = [];
    for (let i = 0; i < 2000; i++) records.push([`key${i}`, `value ${i}`.repeat(i % 7)]);
    await Deno.writeFile(path, buildCdb(records));
    for (const mode of ["memory", "file", "auto"] as const) {
      using db = Cdb.openSync(path, { mode });
      assert.equal(db.getString("key1234"), "value 1234".repeat(1234 % 7), mode);
      assert.equal(db.get("key2000"), undefined, mode);
      assert.equal([...db].length, 2000, mode);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
