/**
 * D. J. Bernstein's constant database (cdb): a reader, a writer that replaces
 * the file atomically, and an in-memory builder. Byte-compatible with cdbmake
 * and tinycdb; used for users/cdb, control/morercpthosts.cdb and tcprules.
 *
 * @module
 */

export { type CdbBytes, toBytes } from "./bytes.ts";
export { buildCdb } from "./build.ts";
export { CdbError } from "./errors.ts";
export { CDB_HASH_START, cdbHash } from "./hash.ts";
export { Cdb, type CdbOpenOptions } from "./reader.ts";
export { type CdbSource, FileSource, MemorySource } from "./source.ts";
export { CdbWriter, type CdbWriterOptions } from "./writer.ts";
