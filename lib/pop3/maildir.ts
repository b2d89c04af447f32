/**
 * The maildrop of a qmail-pop3d session (maildir(5); qmail's maildir.c):
 * old files in tmp/ are cleaned, messages in new/ and cur/ are listed oldest
 * first, and at QUIT deleted messages are removed and the others move from
 * new/ to cur/ with the info `:2,`.
 *
 * @module
 */

import type { MaildropMessage } from "./pop3d_session.ts";

/** maildir(5): files in tmp/ not accessed for 36 hours are removed. */
export const TMP_MAX_AGE_SECONDS = 129600;

/** Removes files in `dir/tmp` last accessed more than 36 hours before `now` (errors ignored). */
export function cleanTmp(dir: string, now: Date): void {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(`${dir}/tmp`)];
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const path = `${dir}/tmp/${e.name}`;
    try {
      const atime = Deno.statSync(path).atime;
      if (atime && now.getTime() > atime.getTime() + TMP_MAX_AGE_SECONDS * 1000) {
        Deno.removeSync(path);
      }
    } catch { /* gone, or not ours to remove */ }
  }
}

interface Found extends MaildropMessage {
  mtime: number;
}

function scanSub(dir: string, sub: "new" | "cur", nowSec: number, into: Found[]): void {
  for (const e of Deno.readDirSync(`${dir}/${sub}`)) {
    if (e.name.startsWith(".")) continue;
    const fn = `${sub}/${e.name}`;
    let st: Deno.FileInfo;
    try {
      st = Deno.statSync(`${dir}/${fn}`);
    } catch {
      continue;
    }
    const mtime = Math.floor((st.mtime?.getTime() ?? 0) / 1000);
    // maildir.c: messages from this very second wait for the next session,
    // so that the order of the list never mixes up.
    if (mtime < nowSec) into.push({ fn, size: st.size, mtime });
  }
}

/**
 * The messages of a Maildir, oldest first (by modification time, then name).
 * Throws if new/ or cur/ cannot be read.
 *
 * @example
 * ```ts
 * const messages = scanMaildir("/home/joe/Maildir", new Date());
 * ```
 */
export function scanMaildir(dir: string, now: Date): MaildropMessage[] {
  const nowSec = Math.floor(now.getTime() / 1000);
  const found: Found[] = [];
  scanSub(dir, "new", nowSec, found);
  scanSub(dir, "cur", nowSec, found);
  found.sort((a, b) => a.mtime - b.mtime || (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0));
  return found.map(({ fn, size }) => ({ fn, size }));
}

/**
 * QUIT's update (RFC 1939 section 6): removes `remove`, moves the kept
 * messages still in new/ to cur/NAME:2, (a failed move is harmless, as in
 * qmail). Returns false if some message could not be removed.
 */
export function applyQuit(dir: string, remove: string[], keep: string[]): boolean {
  let ok = true;
  for (const fn of remove) {
    try {
      Deno.removeSync(`${dir}/${fn}`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) ok = false;
    }
  }
  for (const fn of keep) {
    if (!fn.startsWith("new/")) continue;
    try {
      Deno.renameSync(`${dir}/${fn}`, `${dir}/cur/${fn.slice(4)}:2,`);
    } catch { /* "if it fails, bummer" */ }
  }
  return ok;
}
