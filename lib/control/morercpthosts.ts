/**
 * qmail-newmrh's work (qmail-newmrh(8), qmail-newmrh.c): control/morercpthosts
 * compiled into control/morercpthosts.cdb, one key per domain with empty
 * data. Each line is lowercased (ASCII), trailing spaces, tabs and newlines
 * are dropped, and empty lines and lines starting with `#` are skipped. The
 * database is built in control/morercpthosts.tmp and renamed into place, so
 * qmail-smtpd never sees a half-written file; a failure leaves the old
 * database alone.
 *
 * @module
 */

import { CdbWriter } from "../cdb/writer.ts";

/** The cdb keys for the bytes of a morercpthosts file. */
export function moreRcptHostsKeys(text: Uint8Array): Uint8Array[] {
  const keys: Uint8Array[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf(0x0a, start);
    if (end < 0) end = text.length;
    let last = end;
    while (last > start && (text[last - 1] === 0x20 || text[last - 1] === 0x09)) last--;
    if (last > start && text[start] !== 0x23) {
      const key = text.slice(start, last);
      for (let i = 0; i < key.length; i++) {
        if (key[i] >= 0x41 && key[i] <= 0x5a) key[i] += 0x20;
      }
      keys.push(key);
    }
    start = end + 1;
  }
  return keys;
}

/** Which step of {@linkcode compileMoreRcptHosts} failed. */
export class NewMrhError extends Error {
  constructor(readonly step: "read" | "write" | "rename", message: string, cause: unknown) {
    super(message, { cause });
    this.name = "NewMrhError";
  }
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Compiles `home`/control/morercpthosts into morercpthosts.cdb. Returns the
 * number of keys written.
 */
export function compileMoreRcptHosts(home: string): number {
  const dir = `${home}/control`;
  let text: Uint8Array;
  try {
    text = Deno.readFileSync(`${dir}/morercpthosts`);
  } catch (e) {
    throw new NewMrhError("read", `unable to read control/morercpthosts: ${reason(e)}`, e);
  }
  const keys = moreRcptHostsKeys(text);
  let w: CdbWriter;
  try {
    // qmail-newmrh runs with umask 033: the database is mode 644.
    w = CdbWriter.create(`${dir}/morercpthosts.cdb`, {
      tmpPath: `${dir}/morercpthosts.tmp`,
      mode: 0o644,
    });
  } catch (e) {
    throw new NewMrhError("write", `unable to write to control/morercpthosts.tmp: ${reason(e)}`, e);
  }
  try {
    for (const k of keys) w.add(k, "");
  } catch (e) {
    w.abort();
    throw new NewMrhError("write", `unable to write to control/morercpthosts.tmp: ${reason(e)}`, e);
  }
  try {
    w.finish();
  } catch (e) {
    w.abort();
    if (reason(e).includes("rename")) {
      throw new NewMrhError(
        "rename",
        `unable to move control/morercpthosts.tmp to control/morercpthosts.cdb: ${reason(e)}`,
        e,
      );
    }
    throw new NewMrhError("write", `unable to write to control/morercpthosts.tmp: ${reason(e)}`, e);
  }
  return keys.length;
}
