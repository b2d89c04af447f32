/**
 * Reading a cdb (D. J. Bernstein's constant database; qmail's cdb_seek.c,
 * tinycdb's cdb_find/cdb_findnext): constant-time lookups of byte keys,
 * every record under a repeated key, and a walk over all records.
 *
 * @module
 */

import { type CdbBytes, Scratch } from "./bytes.ts";
import { CdbError } from "./errors.ts";
import { cdbHash } from "./hash.ts";
import { type CdbSource, FileSource, MemorySource } from "./source.ts";
import { HEADER_SIZE } from "./tables.ts";

/** How {@linkcode Cdb.openSync} reads the file. */
export interface CdbOpenOptions {
  /**
   * "memory" loads the whole file, "file" reads on demand, "auto" (default)
   * loads files up to `memoryLimit` bytes.
   */
  mode?: "auto" | "memory" | "file";
  /** Largest file "auto" loads into memory (default 4 MiB). */
  memoryLimit?: number;
}

const DEFAULT_MEMORY_LIMIT = 4 << 20;
const decoder = new TextDecoder();

/** Where a search for one key stands (cdb_findnext's state). */
interface Probe {
  key: Uint8Array;
  hash: number;
  tpos: number;
  tlen: number;
  slot: number;
  loop: number;
}

/**
 * An open constant database.
 *
 * @example
 * ```ts
 * using db = Cdb.openSync("/var/qmail/users/cdb");
 * const value = db.getString("!joe-");
 * ```
 */
export class Cdb {
  readonly #src: CdbSource;
  readonly #header = new Uint32Array(512);
  readonly #scratch = new Scratch();

  private constructor(src: CdbSource) {
    if (src.size < HEADER_SIZE) {
      src.close();
      throw new CdbError(`cdb: file too short for a header (${src.size} bytes)`);
    }
    this.#src = src;
    for (let i = 0; i < 512; i++) this.#header[i] = src.u32(4 * i);
  }

  /** A database already in memory (e.g. from {@linkcode buildCdb}). */
  static fromBytes(bytes: Uint8Array): Cdb {
    return new Cdb(new MemorySource(bytes));
  }

  /** Opens the database at `path`. Close it (or use `using`) when done. */
  static openSync(path: string, options: CdbOpenOptions = {}): Cdb {
    const mode = options.mode ?? "auto";
    const limit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    const file = Deno.openSync(path, { read: true });
    let keep = false;
    try {
      const size = file.statSync().size;
      if (mode === "memory" || (mode === "auto" && size <= limit)) {
        const bytes = new Uint8Array(size);
        let off = 0;
        while (off < size) {
          const n = file.readSync(bytes.subarray(off));
          if (n === null || n === 0) break;
          off += n;
        }
        return new Cdb(new MemorySource(bytes.subarray(0, off)));
      }
      const db = new Cdb(new FileSource(file, size));
      keep = true;
      return db;
    } finally {
      if (!keep) file.close();
    }
  }

  /** Releases the file. */
  close(): void {
    this.#src.close();
  }

  /** Closes the database (for `using`). */
  [Symbol.dispose](): void {
    this.close();
  }

  /** The data of the first record with `key`, or undefined. */
  get(key: CdbBytes): Uint8Array | undefined {
    const rpos = this.#next(this.#start(key));
    return rpos < 0 ? undefined : this.#data(rpos);
  }

  /** The first record's data decoded as UTF-8, or undefined. */
  getString(key: CdbBytes): string | undefined {
    const v = this.get(key);
    return v === undefined ? undefined : decoder.decode(v);
  }

  /** True when some record has `key`. */
  has(key: CdbBytes): boolean {
    return this.#next(this.#start(key)) >= 0;
  }

  /** The data of every record with `key`, in the order they were added. */
  getAll(key: CdbBytes): Uint8Array[] {
    const probe = this.#start(key);
    probe.key = probe.key.slice(); // the scratch view would not survive the loop
    const out: Uint8Array[] = [];
    for (let rpos = this.#next(probe); rpos >= 0; rpos = this.#next(probe)) {
      out.push(this.#data(rpos));
    }
    return out;
  }

  /** Every record as [key, data], in file order (the order they were added). */
  *entries(): Generator<[Uint8Array, Uint8Array]> {
    // The records end where the first hash table starts (cdbdump's "eod").
    const eod = this.#header[0];
    if (eod < HEADER_SIZE || eod > this.#src.size) {
      throw new CdbError("cdb: damaged header (end of records out of range)");
    }
    let pos = HEADER_SIZE;
    while (pos < eod) {
      const klen = this.#src.u32(pos);
      const dlen = this.#src.u32(pos + 4);
      if (pos + 8 + klen + dlen > eod) throw new CdbError(`cdb: damaged record at ${pos}`);
      const both = this.#src.copy(pos + 8, klen + dlen);
      yield [both.subarray(0, klen), both.subarray(klen)];
      pos += 8 + klen + dlen;
    }
  }

  /** Same as {@linkcode Cdb.entries}. */
  [Symbol.iterator](): Generator<[Uint8Array, Uint8Array]> {
    return this.entries();
  }

  #start(key: CdbBytes): Probe {
    const k = this.#scratch.bytes(key);
    const hash = cdbHash(k);
    const tpos = this.#header[2 * (hash & 255)];
    const tlen = this.#header[2 * (hash & 255) + 1];
    return { key: k, hash, tpos, tlen, slot: tlen ? (hash >>> 8) % tlen : 0, loop: 0 };
  }

  /** The position of the next record with the probe's key, or -1. */
  #next(p: Probe): number {
    const src = this.#src;
    while (p.loop < p.tlen) {
      const at = p.tpos + 8 * p.slot;
      p.loop++;
      if (++p.slot === p.tlen) p.slot = 0;
      const rpos = src.u32(at + 4);
      if (rpos === 0) { // an empty slot ends the search
        p.loop = p.tlen;
        return -1;
      }
      if (src.u32(at) === p.hash && src.u32(rpos) === p.key.length) {
        if (src.equals(rpos + 8, p.key)) return rpos;
      }
    }
    return -1;
  }

  #data(rpos: number): Uint8Array {
    const klen = this.#src.u32(rpos);
    return this.#src.copy(rpos + 8 + klen, this.#src.u32(rpos + 4));
  }
}
