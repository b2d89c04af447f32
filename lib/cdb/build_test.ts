import assert from "node:assert/strict";
import { buildCdb } from "./build.ts";

/** Reads the little-endian uint32 at `off`. */
function u32(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(off, true);
}

Deno.test("buildCdb of no records is a 2048-byte header of (2048, 0) pairs", () => {
  const db = buildCdb([]);
  assert.equal(db.length, 2048);
  for (let b = 0; b < 256; b++) {
    assert.equal(u32(db, 8 * b), 2048);
    assert.equal(u32(db, 8 * b + 4), 0);
  }
});

Deno.test("buildCdb lays out one record exactly as cdbmake (hand-computed bytes)", () => {
  // hash("a") = 177604 = 0x2b5c4: table 0xc4 = 196, start slot (177604 >> 8) % 2 = 1.
  const expected = new Uint8Array(2074);
  const dv = new DataView(expected.buffer);
  for (let b = 0; b < 256; b++) {
    dv.setUint32(8 * b, b <= 196 ? 2058 : 2074, true);
    dv.setUint32(8 * b + 4, b === 196 ? 2 : 0, true);
  }
  expected.set([1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0x31], 2048); // klen 1, dlen 1, "a", "1"
  // table 196 at 2058: slot 0 empty, slot 1 = (hash, record position)
  dv.setUint32(2058 + 8, 177604, true);
  dv.setUint32(2058 + 12, 2048, true);
  assert.deepEqual(buildCdb([["a", "1"]]), expected);
});

Deno.test("buildCdb puts colliding records in the next free slot, wrapping around", () => {
  // Three copies of one key share a table of 6 slots and probe from the same start.
  const db = buildCdb([["a", "1"], ["a", "2"], ["a", "3"]]);
  const tpos = u32(db, 8 * 196);
  assert.equal(u32(db, 8 * 196 + 4), 6);
  const start = (177604 >>> 8) % 6; // 693 % 6 = 3
  assert.equal(start, 3);
  const positions = [0, 1, 2, 3, 4, 5].map((s) => u32(db, tpos + 8 * s + 4));
  assert.deepEqual(positions, [0, 0, 0, 2048, 2058, 2068]);
});
