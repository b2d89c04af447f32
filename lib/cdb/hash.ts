/**
 * The cdb hash function (cdb_hash.c in qmail, cdb(5) in tinycdb):
 * h = 5381, then h = ((h << 5) + h) ^ c for each byte, as an unsigned 32-bit
 * number. The low 8 bits pick one of the 256 hash tables, the rest pick the
 * starting slot in that table.
 *
 * @module
 */

/** The first value of the cdb hash (qmail's CDB_HASHSTART). */
export const CDB_HASH_START = 5381;

/**
 * Hashes `key` the way cdb does.
 *
 * @example
 * ```ts
 * cdbHash(new Uint8Array()); // 5381
 * ```
 */
export function cdbHash(key: Uint8Array): number {
  let h = CDB_HASH_START;
  for (let i = 0; i < key.length; i++) {
    // (h << 5) + h wraps at 32 bits; ^ and >>> 0 keep the result unsigned.
    h = (((h << 5) + h) ^ key[i]) >>> 0;
  }
  return h;
}
