/**
 * Delivering into a maildir (maildir(5), qmail-local's maildir_child): the
 * message is written under a unique name in tmp/, fsynced, hard-linked into
 * new/ and the tmp/ name removed. A failure at any step removes the tmp/
 * file, so new/ never holds a partial message.
 *
 * Unique names are `SECONDS.MmicrosPpidQcount.host` (maildir(5)'s modern
 * form): one process delivers many messages per second, so qmail's
 * `time.pid.host` would collide.
 *
 * @module
 */

import { isTempError, LocalExit, soft } from "./exit.ts";

let counter = 0;
let cachedHost: string | undefined;

/** The host part of a unique name, with `/` and `:` escaped as maildir(5) says. */
function hostPart(): string {
  if (cachedHost === undefined) {
    let h = "localhost";
    try {
      h = Deno.hostname();
    } catch { /* no sys permission: keep a fixed name */ }
    cachedHost = h.replaceAll("/", "\\057").replaceAll(":", "\\072");
  }
  return cachedHost;
}

/** A new unique file name for this process. */
export function uniqueName(now = Date.now()): string {
  const sec = Math.floor(now / 1000);
  const micros = (now % 1000) * 1000 + Math.floor((performance.now() * 1000) % 1000);
  return `${sec}.M${micros}P${Deno.pid}Q${++counter}.${hostPart()}`;
}

function writeAllSync(f: Deno.FsFile, bytes: Uint8Array): void {
  while (bytes.length > 0) bytes = bytes.subarray(f.writeSync(bytes));
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}

/**
 * Stores `parts` (written in order: Return-Path, Delivered-To, message) in
 * the maildir `dir`. Throws LocalExit(111) with qmail-local's texts.
 *
 * Only the fsync leaves the event loop: creating, writing, linking and
 * unlinking a small file are quicker done at once than handed to a thread.
 */
export async function deliverMaildir(dir: string, parts: Uint8Array[]): Promise<void> {
  const base = dir.endsWith("/") ? dir : dir + "/";
  const name = uniqueName();
  const tmp = `${base}tmp/${name}`;
  let f: Deno.FsFile | undefined;
  try {
    f = Deno.openSync(tmp, { write: true, createNew: true, mode: 0o600 });
  } catch {
    // qmail-local chdirs to the maildir first: tell that failure apart.
    try {
      if (!Deno.statSync(dir).isDirectory) throw new Error("not a directory");
    } catch (e2) {
      if (isTempError(e2)) throw soft("Temporary error on maildir delivery. (#4.3.0)");
      throw soft("Unable to chdir to maildir. (#4.2.1)");
    }
    throw soft("Temporary error on maildir delivery. (#4.3.0)");
  }
  try {
    writeAllSync(f, concat(parts));
    await f.sync();
    f.close();
    f = undefined;
    Deno.linkSync(tmp, `${base}new/${name}`);
  } catch (e) {
    if (e instanceof LocalExit) throw e;
    throw soft("Temporary error on maildir delivery. (#4.3.0)");
  } finally {
    try {
      f?.close();
    } catch { /* already closed */ }
    try {
      Deno.removeSync(tmp);
    } catch { /* gone */ }
  }
}
