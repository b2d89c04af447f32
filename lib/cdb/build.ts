/**
 * Building a whole cdb in memory, for small databases and tests. The bytes
 * are the same {@linkcode CdbWriter} would write for the same records.
 *
 * @module
 */

import { type CdbBytes, pack, toBytes } from "./bytes.ts";
import { CdbError } from "./errors.ts";
import { cdbHash } from "./hash.ts";
import { HEADER_SIZE, MAX_POSITION, RecordIndex } from "./tables.ts";

/**
 * The bytes of a cdb holding `records`, in order (keys may repeat).
 *
 * @example
 * ```ts
 * const db = buildCdb([["one", "1"], ["two", "2"]]);
 * ```
 */
export function buildCdb(records: Iterable<readonly [CdbBytes, CdbBytes]>): Uint8Array {
  const index = new RecordIndex();
  const parts: Uint8Array[] = [];
  let pos = HEADER_SIZE;
  for (const [key, value] of records) {
    const k = toBytes(key);
    const v = toBytes(value);
    const rec = new Uint8Array(8 + k.length + v.length);
    pack(rec, 0, k.length);
    pack(rec, 4, v.length);
    rec.set(k, 8);
    rec.set(v, 8 + k.length);
    if (pos + rec.length > MAX_POSITION) throw new CdbError("cdb: database too large (over 4 GiB)");
    index.add(cdbHash(k), pos);
    parts.push(rec);
    pos += rec.length;
  }
  const { header, tables } = index.layout(pos);
  const out = new Uint8Array(pos + tables.length);
  out.set(header, 0);
  let off = HEADER_SIZE;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  out.set(tables, off);
  return out;
}
