/**
 * Writing a cdb file the way cdbmake and qmail-newu do: records stream into
 * a temporary file, the hash tables and header follow, then the file is
 * fsynced and renamed over the target, so readers see the old database or
 * the new one, never a half-written one. Only 8 bytes per record stay in
 * memory until the end, so large databases are fine.
 *
 * @module
 */

import { dirname } from "node:path";
import { type CdbBytes, pack, Scratch } from "./bytes.ts";
import { CdbError } from "./errors.ts";
import { cdbHash } from "./hash.ts";
import { HEADER_SIZE, MAX_POSITION, RecordIndex } from "./tables.ts";

/** Where and how {@linkcode CdbWriter} writes. */
export interface CdbWriterOptions {
  /** The temporary file to build in (default: the target path + ".tmp"). */
  tmpPath?: string;
  /** Permission bits of the database, set exactly whatever the umask (default 0o644). */
  mode?: number;
}

const BUFFER_SIZE = 1 << 16;

/**
 * Builds a cdb file atomically.
 *
 * @example
 * ```ts
 * const w = CdbWriter.create("/var/qmail/control/morercpthosts.cdb", {
 *   tmpPath: "/var/qmail/control/morercpthosts.tmp",
 * });
 * w.add("example.org", "");
 * w.finish();
 * ```
 */
export class CdbWriter {
  readonly path: string;
  readonly tmpPath: string;
  #file: Deno.FsFile | undefined;
  #index = new RecordIndex();
  #pos = HEADER_SIZE;
  #buf = new Uint8Array(BUFFER_SIZE);
  #used = 0;
  #keys = new Scratch();
  #values = new Scratch();

  private constructor(path: string, tmpPath: string, file: Deno.FsFile) {
    this.path = path;
    this.tmpPath = tmpPath;
    this.#file = file;
  }

  /** Starts a new database that {@linkcode CdbWriter.finish} will put at `path`. */
  static create(path: string, options: CdbWriterOptions = {}): CdbWriter {
    const tmpPath = options.tmpPath ?? `${path}.tmp`;
    const file = Deno.openSync(tmpPath, {
      write: true,
      create: true,
      truncate: true,
      mode: options.mode ?? 0o644,
    });
    try {
      Deno.chmodSync(tmpPath, options.mode ?? 0o644);
    } catch (e) {
      file.close();
      throw e;
    }
    const w = new CdbWriter(path, tmpPath, file);
    w.#put(new Uint8Array(HEADER_SIZE)); // room for the header, written last
    return w;
  }

  /** Number of records added so far. */
  get count(): number {
    return this.#index.count;
  }

  /** Adds a record. Keys may repeat; readers find all of them in the order added. */
  add(key: CdbBytes, value: CdbBytes): void {
    this.#open();
    const k = this.#keys.bytes(key);
    const v = this.#values.bytes(value);
    const size = 8 + k.length + v.length;
    if (this.#pos + size > MAX_POSITION) {
      throw new CdbError("cdb: database too large (over 4 GiB)");
    }
    if (this.#used + 8 > this.#buf.length) this.#flush();
    pack(this.#buf, this.#used, k.length);
    pack(this.#buf, this.#used + 4, v.length);
    this.#used += 8;
    this.#put(k);
    this.#put(v);
    this.#index.add(cdbHash(k), this.#pos);
    this.#pos += size;
  }

  /** Writes the tables and header, fsyncs, and renames the file into place. */
  finish(): void {
    const file = this.#open();
    const { header, tables } = this.#index.layout(this.#pos);
    this.#put(tables);
    this.#flush();
    file.seekSync(0, Deno.SeekMode.Start);
    writeAllSync(file, header);
    file.syncSync();
    file.close();
    this.#file = undefined;
    Deno.renameSync(this.tmpPath, this.path);
    syncDir(dirname(this.path));
  }

  /** Gives up: closes and removes the temporary file, leaving the target alone. */
  abort(): void {
    if (!this.#file) return;
    this.#file.close();
    this.#file = undefined;
    try {
      Deno.removeSync(this.tmpPath);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }

  /** Aborts if the database was not finished (for `using`). */
  [Symbol.dispose](): void {
    this.abort();
  }

  #open(): Deno.FsFile {
    if (!this.#file) throw new CdbError("cdb: writer already finished or aborted");
    return this.#file;
  }

  #put(bytes: Uint8Array): void {
    if (this.#used + bytes.length > this.#buf.length) this.#flush();
    if (bytes.length >= this.#buf.length) {
      writeAllSync(this.#open(), bytes);
      return;
    }
    this.#buf.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  #flush(): void {
    if (this.#used === 0) return;
    writeAllSync(this.#open(), this.#buf.subarray(0, this.#used));
    this.#used = 0;
  }
}

function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += file.writeSync(bytes.subarray(off));
}

/** Makes a rename in `dir` durable. */
function syncDir(dir: string): void {
  const d = Deno.openSync(dir, { read: true });
  try {
    d.syncSync();
  } finally {
    d.close();
  }
}
