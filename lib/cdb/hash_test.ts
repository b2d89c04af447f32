import assert from "node:assert/strict";
import fc from "fast-check";
import { CDB_HASH_START, cdbHash } from "./hash.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

/** The cdb hash computed with BigInt arithmetic, as a reference. */
function referenceHash(key: Uint8Array): number {
  let h = BigInt(CDB_HASH_START);
  for (const c of key) h = (((h << 5n) + h) ^ BigInt(c)) & 0xffffffffn;
  return Number(h);
}

Deno.test("cdbHash of the empty key is the start value 5381", () => {
  assert.equal(cdbHash(new Uint8Array()), 5381);
});

Deno.test("cdbHash of 'a' is 177604 (5381 * 33 ^ 97)", () => {
  assert.equal(cdbHash(bytes("a")), 177604);
  assert.equal(cdbHash(bytes("one")), 193420161);
});

Deno.test("cdbHash wraps at 32 bits and stays unsigned for long and high-byte keys", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (key) => {
      const h = cdbHash(key);
      assert.ok(h >= 0 && h <= 0xffffffff);
      assert.equal(h, referenceHash(key));
    }),
  );
});
