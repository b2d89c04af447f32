/**
 * Where a cdb reader gets its bytes: the whole file in memory, or positioned
 * reads on an open file (through a small read-ahead window) for databases
 * too big to load.
 *
 * @module
 */

import { unpack } from "./bytes.ts";
import { CdbError } from "./errors.ts";

/** Random access to a database's bytes. Every method throws {@linkcode CdbError} past the end. */
export interface CdbSource {
  /** Size of the database in bytes. */
  readonly size: number;
  /** The little-endian uint32 at `pos`. */
  u32(pos: number): number;
  /** A fresh copy of `len` bytes at `pos`. */
  copy(pos: number, len: number): Uint8Array;
  /** True when the bytes at `pos` are `key`. */
  equals(pos: number, key: Uint8Array): boolean;
  /** Releases the file, if any. */
  close(): void;
}

function outOfRange(pos: number, len: number, size: number): CdbError {
  return new CdbError(`cdb: truncated or damaged database (read ${len} at ${pos} of ${size})`);
}

/** A database held in memory. */
export class MemorySource implements CdbSource {
  readonly size: number;
  readonly #b: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.#b = bytes;
    this.size = bytes.length;
  }
  u32(pos: number): number {
    if (pos + 4 > this.size) throw outOfRange(pos, 4, this.size);
    return unpack(this.#b, pos);
  }
  copy(pos: number, len: number): Uint8Array {
    if (pos + len > this.size) throw outOfRange(pos, len, this.size);
    return this.#b.slice(pos, pos + len);
  }
  equals(pos: number, key: Uint8Array): boolean {
    if (pos + key.length > this.size) throw outOfRange(pos, key.length, this.size);
    const b = this.#b;
    for (let i = 0; i < key.length; i++) if (b[pos + i] !== key[i]) return false;
    return true;
  }
  close(): void {}
}

const WINDOW = 4096;

/** A database read with seek + read on an open file (cdb_seek's way). */
export class FileSource implements CdbSource {
  readonly size: number;
  readonly #file: Deno.FsFile;
  readonly #win = new Uint8Array(WINDOW);
  #winPos = 0;
  #winLen = 0;

  constructor(file: Deno.FsFile, size: number) {
    this.#file = file;
    this.size = size;
  }

  u32(pos: number): number {
    return unpack(this.#window(pos, 4), pos - this.#winPos);
  }

  copy(pos: number, len: number): Uint8Array {
    if (len <= WINDOW) {
      const w = this.#window(pos, len);
      return w.slice(pos - this.#winPos, pos - this.#winPos + len);
    }
    const out = new Uint8Array(len);
    this.#readAt(pos, out);
    return out;
  }

  equals(pos: number, key: Uint8Array): boolean {
    for (let off = 0; off < key.length; off += WINDOW) {
      const n = Math.min(WINDOW, key.length - off);
      const w = this.#window(pos + off, n);
      const base = pos + off - this.#winPos;
      for (let i = 0; i < n; i++) if (w[base + i] !== key[off + i]) return false;
    }
    return true;
  }

  close(): void {
    this.#file.close();
  }

  /** The window, moved if needed so it holds `len` (<= WINDOW) bytes at `pos`. */
  #window(pos: number, len: number): Uint8Array {
    if (pos + len > this.size) throw outOfRange(pos, len, this.size);
    if (pos < this.#winPos || pos + len > this.#winPos + this.#winLen) {
      const n = Math.min(WINDOW, this.size - pos);
      this.#winLen = 0; // invalid until the read completes
      this.#readAt(pos, this.#win.subarray(0, n));
      this.#winPos = pos;
      this.#winLen = n;
    }
    return this.#win;
  }

  #readAt(pos: number, into: Uint8Array): void {
    this.#file.seekSync(pos, Deno.SeekMode.Start);
    let off = 0;
    while (off < into.length) {
      const n = this.#file.readSync(into.subarray(off));
      if (n === null || n === 0) throw outOfRange(pos, into.length, this.size);
      off += n;
    }
  }
}
