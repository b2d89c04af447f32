/**
 * maildir2mbox(1): moves the messages of $MAILDIR (new/ and cur/, oldest
 * first) to the end of the mbox $MAIL, via $MAILTMP: the old mbox and the
 * messages are copied into MAILTMP, which is fsynced and renamed over MAIL
 * while MAIL is locked; only then are the messages removed. Leftovers in
 * tmp/ older than 36 hours are cleaned first (maildir.c's maildir_clean).
 *
 * @module
 */

import { errorText } from "../qread/errstr.ts";
import { myctime } from "./lines.ts";
import { mboxBody } from "./mbox.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";

/** A maildir2mbox failure (exit 111) with its message. */
export class M2mError extends Error {}

/** The From_ line maildir2mbox writes for a message (from its Return-Path line). */
export function fromLine(message: Uint8Array, mtime: Date): string {
  const nl = message.indexOf(0x0a);
  let who = "XXX";
  if (nl >= 0) {
    const first = bytesToLatin1(message.subarray(0, nl + 1));
    if (first.startsWith("Return-Path: <")) {
      who = first[14] === ">" ? "MAILER-DAEMON" : first.slice(14, -2).replace(/[ \t]/g, "-");
    }
  }
  return `From ${who} ${myctime(mtime)}`;
}

async function writeAll(f: Deno.FsFile, b: Uint8Array) {
  while (b.length > 0) b = b.subarray(await f.write(b));
}

/** Moves the maildir's messages to the mbox; returns warnings (messages not removed). */
export async function maildir2mbox(
  maildir: string,
  mail: string,
  mailtmp: string,
): Promise<string[]> {
  // qmail's maildir2mbox works from inside MAILDIR: relative names are relative to it.
  const rel = (p: string) => p.startsWith("/") ? p : `${maildir}/${p}`;
  const shownMail = mail;
  const shownTmp = mailtmp;
  mail = rel(mail);
  mailtmp = rel(mailtmp);
  const now = Date.now();
  try {
    for (const e of Deno.readDirSync(`${maildir}/tmp`)) {
      if (e.name.startsWith(".")) continue;
      const p = `${maildir}/tmp/${e.name}`;
      try {
        const st = Deno.statSync(p);
        if (now > (st.atime?.getTime() ?? now) + 129600_000) Deno.removeSync(p);
      } catch { /* gone already */ }
    }
  } catch { /* no tmp/ */ }

  const found: { name: string; mtime: Date }[] = [];
  for (const sub of ["new", "cur"]) {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(rel(sub))];
    } catch (e) {
      throw new M2mError(`unable to scan $MAILDIR/${sub}: ${errorText(e)}`);
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      try {
        const st = Deno.statSync(rel(`${sub}/${e.name}`));
        const mtime = st.mtime ?? new Date(0);
        // Messages newer than this run wait for the next one, to keep the order.
        if (Math.floor(mtime.getTime() / 1000) < Math.floor(now / 1000)) {
          found.push({ name: `${sub}/${e.name}`, mtime });
        }
      } catch { /* gone */ }
    }
  }
  if (found.length === 0) return [];
  found.sort((a, b) => a.mtime.getTime() - b.mtime.getTime() || (a.name < b.name ? -1 : 1));

  let lock: Deno.FsFile;
  try {
    lock = await Deno.open(mail, { write: true, append: true, create: true, mode: 0o600 });
    await lock.lock(true);
  } catch (e) {
    throw new M2mError(`unable to lock ${shownMail}: ${errorText(e)}`);
  }
  try {
    let old: Uint8Array;
    try {
      old = await Deno.readFile(mail);
    } catch (e) {
      throw new M2mError(`unable to read ${shownMail}: ${errorText(e)}`);
    }
    let out: Deno.FsFile;
    try {
      out = await Deno.open(mailtmp, { write: true, create: true, truncate: true, mode: 0o600 });
    } catch (e) {
      throw new M2mError(`unable to create ${shownTmp}: ${errorText(e)}`);
    }
    try {
      await writeAll(out, old);
      for (const m of found) {
        let bytes: Uint8Array;
        try {
          bytes = await Deno.readFile(rel(m.name));
        } catch (e) {
          throw new M2mError(`unable to read $MAILDIR/${m.name}: ${errorText(e)}`);
        }
        await writeAll(out, latin1ToBytes(fromLine(bytes, m.mtime)));
        for (const chunk of mboxBody(bytes)) await writeAll(out, chunk);
      }
      await out.sync();
    } catch (e) {
      if (e instanceof M2mError) throw e;
      throw new M2mError(`unable to write to ${shownTmp}: ${errorText(e)}`);
    } finally {
      out.close();
    }
    try {
      await Deno.rename(mailtmp, mail);
    } catch (e) {
      throw new M2mError(`unable to move ${shownTmp} to ${shownMail}: ${errorText(e)}`);
    }
  } finally {
    lock.close();
  }
  const warnings: string[] = [];
  for (const m of found) {
    try {
      await Deno.remove(rel(m.name));
    } catch (e) {
      warnings.push(
        `$MAILDIR/${m.name} will be delivered twice; unable to unlink: ${errorText(e)}`,
      );
    }
  }
  return warnings;
}
