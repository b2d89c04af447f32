/**
 * The part of a cdb file after the records: 256 hash tables, and the 2048-byte
 * header that points at them. Laid out exactly as DJB's cdbmake (qmail's
 * cdbmake_split/cdbmake_throw) and tinycdb do, so the same records added in
 * the same order give the same bytes:
 *
 * - table `b` holds the records whose hash has low byte `b`, and has twice as
 *   many slots as records (an empty table has length 0);
 * - records go in in the order they were added, each at slot
 *   `(hash >>> 8) % length`, moving to the next free slot (wrapping) when taken;
 * - a slot is (hash, record position) as two little-endian uint32s; position 0
 *   marks a free slot;
 * - tables follow each other in order 0..255, and header entry `b` is
 *   (position of table `b`, its number of slots).
 *
 * @module
 */

import { pack } from "./bytes.ts";
import { CdbError } from "./errors.ts";

/** Size of the cdb header: 256 (position, length) pairs. */
export const HEADER_SIZE = 2048;

/** The largest file position cdb can address (positions are uint32). */
export const MAX_POSITION = 0xffffffff;

function grow(a: Uint32Array): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Records added so far: their hashes and positions, in order. */
export class RecordIndex {
  #hashes = new Uint32Array(1024);
  #positions = new Uint32Array(1024);
  #count = 0;

  /** Number of records added. */
  get count(): number {
    return this.#count;
  }

  /** Notes a record with key hash `hash` stored at `position`. */
  add(hash: number, position: number): void {
    if (this.#count === this.#hashes.length) {
      this.#hashes = grow(this.#hashes);
      this.#positions = grow(this.#positions);
    }
    this.#hashes[this.#count] = hash;
    this.#positions[this.#count] = position;
    this.#count++;
  }

  /**
   * The header and the hash tables for records that end at `tablesStart`
   * (where the first table will be written).
   */
  layout(tablesStart: number): { header: Uint8Array; tables: Uint8Array } {
    const n = this.#count;
    if (tablesStart + 16 * n > MAX_POSITION) {
      throw new CdbError("cdb: database too large (over 4 GiB)");
    }
    const counts = new Uint32Array(256);
    for (let i = 0; i < n; i++) counts[this.#hashes[i] & 255]++;
    // Counting sort by table, keeping the order records were added in.
    const starts = new Uint32Array(256);
    for (let b = 1; b < 256; b++) starts[b] = starts[b - 1] + counts[b - 1];
    const order = new Uint32Array(n);
    const fill = starts.slice();
    for (let i = 0; i < n; i++) order[fill[this.#hashes[i] & 255]++] = i;

    const header = new Uint8Array(HEADER_SIZE);
    const tables = new Uint8Array(16 * n);
    const view = new DataView(tables.buffer);
    let offset = 0; // byte offset of the current table inside `tables`
    for (let b = 0; b < 256; b++) {
      const len = counts[b] * 2;
      pack(header, 8 * b, tablesStart + offset);
      pack(header, 8 * b + 4, len);
      for (let j = 0; j < counts[b]; j++) {
        const i = order[starts[b] + j];
        const h = this.#hashes[i];
        let slot = (h >>> 8) % len;
        while (view.getUint32(offset + 8 * slot + 4, true) !== 0) {
          if (++slot === len) slot = 0;
        }
        view.setUint32(offset + 8 * slot, h, true);
        view.setUint32(offset + 8 * slot + 4, this.#positions[i], true);
      }
      offset += 8 * len;
    }
    return { header, tables };
  }
}
