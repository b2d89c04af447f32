/**
 * qmail-getpw(8): the password-database fallback that gives addresses to
 * users. The longest prefix of `local` ending at the end or at a BREAK
 * character (`-`) that names a user (lowercased, shorter than 32 bytes, uid
 * not 0, home directory existing and owned by the user) controls the
 * address; everything else belongs to the alias user, with dash `-` and ext
 * the whole address.
 *
 * @module
 */

import type { Nughde } from "./lookup.ts";
import type { PasswdEntry } from "../ids/accounts.ts";
import { asciiLower } from "../control/constmap.ts";

/** qmail's conf-break: the user-extension delimiter. */
export const BREAK = "-";

/** qmail-getpw's GETPW_USERLEN: account names are shorter than this. */
const USERLEN = 32;

/** Exit codes of qmail-getpw that qmail-lspawn passes on (qlx.h). */
export const QLX = {
  USAGE: 112,
  ROOT: 113,
  NFS: 115,
  NOALIAS: 116,
  CDB: 117,
  SYS: 118,
  NOMEM: 119,
  EXECSOFT: 120,
  EXECPW: 121,
  EXECHARD: 126,
} as const;

/** A failure qmail-getpw reports by its exit code. */
export class GetpwError extends Error {
  constructor(readonly code: number) {
    super(`qmail-getpw: exit ${code}`);
    this.name = "GetpwError";
  }
}

/** What qmail-getpw needs to know about the system. */
export interface GetpwSource {
  /** getpwnam. */
  user(name: string): PasswdEntry | undefined;
  /** The owner uid of a directory; undefined when it does not exist; throws for other errors. */
  owner(path: string): number | undefined;
  /** getpwnam of the alias user (conf-users' first name). */
  alias(): PasswdEntry | undefined;
}

/**
 * Finds the user controlling `local`. Throws GetpwError(QLX.NOALIAS) when
 * nobody does, GetpwError(QLX.NFS) when a home directory cannot be checked.
 */
export function getpw(local: string, src: GetpwSource): Nughde {
  for (let end = local.length; end >= 0; end--) {
    if (end !== local.length && local[end] !== BREAK) continue;
    if (end >= USERLEN) continue;
    const pw = src.user(asciiLower(local.slice(0, end)));
    if (!pw || pw.uid === 0) continue;
    let owner: number | undefined;
    try {
      owner = src.owner(pw.home);
    } catch {
      throw new GetpwError(QLX.NFS);
    }
    if (owner !== pw.uid) continue;
    const more = end < local.length;
    return entry(pw, more ? "-" : "", more ? local.slice(end + 1) : "");
  }
  const alias = src.alias();
  if (!alias) throw new GetpwError(QLX.NOALIAS);
  return entry(alias, "-", local);
}

function entry(pw: PasswdEntry, dash: string, ext: string): Nughde {
  return { user: pw.name, uid: pw.uid, gid: pw.gid, home: pw.home, dash, ext };
}

/** qmail-getpw's output: the six fields, each ended by NUL. */
export function formatNughde(n: Nughde): string {
  return [n.user, String(n.uid), String(n.gid), n.home, n.dash, n.ext].map((f) => f + "\0")
    .join("");
}
