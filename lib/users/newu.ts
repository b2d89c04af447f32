/**
 * qmail-newu(8): compiles QMAILHOME/users/assign into users/cdb atomically
 * (built in users/cdb.tmp, fsynced, renamed). On any problem users/cdb is
 * left alone and the error carries qmail-newu's message.
 *
 * @module
 */

import { CdbWriter } from "../cdb/mod.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import { AssignFormatError, compileAssign } from "./assign.ts";

/** A qmail-newu failure (exit 111) with its message. */
export class NewuError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "NewuError";
  }
}

/** Compiles `home`/users/assign into `home`/users/cdb. Returns the number of assignments. */
export function newu(home: string): number {
  let text: string;
  try {
    text = bytesToLatin1(Deno.readFileSync(`${home}/users/assign`));
  } catch (e) {
    throw new NewuError("unable to open users/assign", e);
  }
  let compiled;
  try {
    compiled = compileAssign(text);
  } catch (e) {
    if (e instanceof AssignFormatError) throw new NewuError("bad format in users/assign", e);
    throw e;
  }
  let w: CdbWriter;
  try {
    // umask 033 in qmail-newu: the database is readable by all.
    w = CdbWriter.create(`${home}/users/cdb`, { tmpPath: `${home}/users/cdb.tmp`, mode: 0o644 });
  } catch (e) {
    throw new NewuError("unable to open users/cdb.tmp", e);
  }
  try {
    for (const [k, v] of compiled.records) w.add(latin1ToBytes(k), latin1ToBytes(v));
    w.add("", latin1ToBytes(compiled.wildchars));
  } catch (e) {
    w.abort();
    throw new NewuError("unable to write users/cdb.tmp", e);
  }
  try {
    w.finish();
  } catch (e) {
    w.abort();
    throw new NewuError("unable to move users/cdb.tmp to users/cdb", e);
  }
  return compiled.records.length;
}
