/**
 * qmail-lspawn's address-to-user step: users/cdb first (qmail-users(5)),
 * then qmail-getpw's password-database rules. Files are re-read only when
 * they change (users/cdb is replaced atomically by qmail-newu, so a changed
 * inode, size or mtime means a new database).
 *
 * A single-user tree runs every delivery as its one account: there the
 * password database offers only that account (other people's mail cannot be
 * delivered as them), and the alias user's home is QMAILHOME/alias.
 *
 * @module
 */

import { Cdb } from "../cdb/mod.ts";
import { readPasswd, treeAccounts } from "../ids/accounts.ts";
import type { PasswdEntry } from "../ids/accounts.ts";
import { getpw, GetpwError, QLX } from "./getpw.ts";
import { lookupAssign, type Nughde, parseNughde } from "./lookup.ts";

/** How to find users. */
export interface ResolverOptions {
  /** QMAILHOME. */
  home: string;
  /** Single-user tree: only the caller's account, alias at QMAILHOME/alias. */
  singleUser: boolean;
  /** The password file (default /etc/passwd). */
  passwdPath?: string;
  /** The caller's uid and gid (single-user trees). */
  uid?: number;
  gid?: number;
}

type Stamp = string;

function stamp(path: string): Stamp | undefined {
  try {
    const st = Deno.statSync(path);
    return `${st.ino}:${st.size}:${st.mtime?.getTime()}:${st.ctime?.getTime()}`;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** The owner of a directory, undefined if it is not there (qmail-getpw's stat). */
export function dirOwner(path: string): number | undefined {
  try {
    return Deno.statSync(path).uid ?? undefined;
  } catch (e) {
    if (
      e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied ||
      e instanceof Deno.errors.NotADirectory
    ) return undefined;
    throw e;
  }
}

/** Resolves local parts to users; reuse one per process. */
export class UserResolver {
  readonly #o: ResolverOptions;
  #cdb: { stamp: Stamp; db: Cdb } | undefined;
  #pw: { stamp: Stamp; byName: Map<string, PasswdEntry> } | undefined;
  #alias: string | undefined;

  constructor(o: ResolverOptions) {
    this.#o = o;
  }

  /**
   * The user controlling `local` (the part before the last `@`). Throws
   * GetpwError with a qmail-lspawn exit code (QLX) on trouble.
   */
  resolve(local: string): Nughde {
    const assigned = this.#fromCdb(local);
    if (assigned !== undefined) {
      const n = parseNughde(assigned);
      if (!n) throw new GetpwError(QLX.USAGE);
      return n;
    }
    return this.fromPasswd(local);
  }

  /** qmail-getpw alone: the password-database rules, without users/cdb. */
  fromPasswd(local: string): Nughde {
    const o = this.#o;
    const byName = this.#passwd();
    const alias = this.#aliasName();
    if (o.singleUser) {
      const me = [...byName.values()].find((p) => p.uid === o.uid) ??
        { name: alias, uid: o.uid ?? 0, gid: o.gid ?? 0, gecos: "", home: "", shell: "" };
      return getpw(local, {
        user: (name) => {
          const p = byName.get(name);
          return p && p.uid === o.uid ? p : undefined;
        },
        owner: dirOwner,
        alias: () => ({ ...me, home: `${o.home}/alias` }),
      });
    }
    return getpw(local, {
      user: (name) => byName.get(name),
      owner: dirOwner,
      alias: () => byName.get(alias),
    });
  }

  #aliasName(): string {
    return this.#alias ??= treeAccounts(this.#o.home).users.alias;
  }

  /** Releases the cached database. */
  close(): void {
    this.#cdb?.db.close();
    this.#cdb = undefined;
  }

  #fromCdb(local: string): string | undefined {
    const path = `${this.#o.home}/users/cdb`;
    let s: Stamp | undefined;
    try {
      s = stamp(path);
    } catch {
      throw new GetpwError(QLX.CDB);
    }
    if (s === undefined) {
      this.close();
      return undefined;
    }
    try {
      if (this.#cdb?.stamp !== s) {
        this.close();
        this.#cdb = { stamp: s, db: Cdb.openSync(path, { mode: "memory" }) };
      }
      return lookupAssign(this.#cdb.db, local);
    } catch {
      this.close();
      throw new GetpwError(QLX.CDB);
    }
  }

  #passwd(): Map<string, PasswdEntry> {
    const path = this.#o.passwdPath ?? "/etc/passwd";
    let s: Stamp | undefined;
    try {
      s = stamp(path) ?? "missing";
      if (this.#pw?.stamp !== s) {
        const byName = new Map<string, PasswdEntry>();
        // getpwnam returns the first entry of a name.
        for (const p of s === "missing" ? [] : readPasswd(path)) {
          if (!byName.has(p.name)) byName.set(p.name, p);
        }
        this.#pw = { stamp: s, byName };
      }
    } catch {
      throw new GetpwError(QLX.SYS);
    }
    return this.#pw.byName;
  }
}
