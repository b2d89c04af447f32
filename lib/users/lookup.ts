/**
 * Finding who controls a local address in users/cdb, as qmail-lspawn's
 * nughde_get does: the exact key `!local\0` first, then wildcard keys `!loc`
 * for ever shorter prefixes of the lowercased address (a prefix is tried only
 * when it ends in one of the recorded wildcard characters, or is empty).
 *
 * @module
 */

import type { Cdb } from "../cdb/mod.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import { asciiLower } from "../control/constmap.ts";

/** The user in charge of an address (qmail-getpw's six fields). */
export interface Nughde {
  user: string;
  uid: number;
  gid: number;
  home: string;
  dash: string;
  ext: string;
}

/** Splits `user\0uid\0gid\0home\0dash\0ext`; undefined when a field is missing. */
export function parseNughde(value: string): Nughde | undefined {
  const f = value.split("\0");
  if (f.length < 6) return undefined;
  return {
    user: f[0],
    uid: scanUlong(f[1]),
    gid: scanUlong(f[2]),
    home: f[3],
    dash: f[4],
    ext: f.slice(5).join("\0"),
  };
}

/** qmail's scan_ulong: the leading decimal digits, 0 when there are none. */
function scanUlong(s: string): number {
  const m = /^\d+/.exec(s);
  return m ? Number(m[0]) : 0;
}

/**
 * Looks `local` up in users/cdb. A wildcard match appends the rest of the
 * address (original case) to the ext field. Returns undefined when no
 * assignment applies (qmail-lspawn then asks qmail-getpw); the raw value's
 * fields are parsed by {@linkcode parseNughde}.
 */
export function lookupAssign(db: Cdb, local: string): string | undefined {
  const wild = db.get("");
  if (wild === undefined) throw new Error("users/cdb has no wildcard record");
  const wildchars = bytesToLatin1(wild);
  const lower = "!" + asciiLower(local);
  const exact = db.get(latin1ToBytes(lower + "\0"));
  if (exact !== undefined) return bytesToLatin1(exact);
  for (let i = lower.length; i >= 1; i--) {
    if (i !== 1 && !wildchars.includes(lower[i - 1])) continue;
    const v = db.get(latin1ToBytes(lower.slice(0, i)));
    if (v !== undefined) return bytesToLatin1(v) + local.slice(i - 1);
  }
  return undefined;
}
