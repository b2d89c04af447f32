import assert from "node:assert/strict";
import fc from "fast-check";
import { buildCdb } from "./build.ts";
import { Cdb } from "./reader.ts";

const record = fc.tuple(
  fc.uint8Array({ maxLength: 12 }),
  fc.uint8Array({ maxLength: 20 }),
);

/** Hex of bytes, to use byte keys in a Map. */
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("random record lists round-trip through buildCdb and Cdb", () => {
  // Short keys from a small alphabet make repeated keys and shared tables common.
  const smallKey = fc.tuple(
    fc.uint8Array({ maxLength: 2, max: 3 }),
    fc.uint8Array({ maxLength: 4 }),
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(record, smallKey), { maxLength: 300 }), (records) => {
      const db = Cdb.fromBytes(buildCdb(records));
      assert.deepEqual([...db], records);
      const byKey = new Map<string, Uint8Array[]>();
      for (const [k, v] of records) byKey.set(hex(k), [...(byKey.get(hex(k)) ?? []), v]);
      for (const [k] of records) {
        const all = byKey.get(hex(k))!;
        assert.deepEqual(db.getAll(k), all);
        assert.deepEqual(db.get(k), all[0]);
      }
    }),
    { numRuns: 200 },
  );
});

Deno.test("keys absent from a random database are not found", () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 100 }), fc.uint8Array({ maxLength: 12 }), (rs, k) => {
      fc.pre(!rs.some(([key]) => hex(key) === hex(k)));
      assert.equal(Cdb.fromBytes(buildCdb(rs)).get(k), undefined);
    }),
  );
});
