/**
 * checkpassword's decision: is this name and password (or APOP digest) an
 * account, and which? Looks in the password file, then (when enabled) in
 * the system's /etc/passwd and /etc/shadow. Every failure costs one hash
 * computation like a success would: a name that is not there is checked
 * against a dummy hash of the same scheme and cost, so the time taken does
 * not tell unknown names from wrong passwords.
 *
 * @module
 */

import { createHash } from "node:crypto";
import type { PasswdFileEntry } from "./passwd_file.ts";
import type { PasswdEntry } from "../ids/accounts.ts";
import { dummyHashLike, sameText, supportedHash, verifyPassword } from "./hash.ts";

/** Who the user is once the password checked out. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** Where accounts come from. */
export interface AccountSources {
  /** The password file's entries (empty when there is no file). */
  file: Map<string, PasswdFileEntry>;
  /** The system's accounts by name (/etc/passwd), read only when needed. */
  system(name: string): PasswdEntry | undefined;
  /** Hashes from /etc/shadow by name, when the system's passwords are allowed. */
  shadow?: (name: string) => string | undefined;
}

/** What checkpassword received on descriptor 3. */
export interface Credentials {
  user: string;
  /** The password (USER/PASS) or the APOP digest. */
  password: string;
  /** The APOP timestamp, `<…>`, or "". */
  timestamp: string;
}

/** The outcome: an account, or why not (for the log only; the client learns nothing). */
export type CheckOutcome =
  | { ok: true; account: Account; via: "password" | "apop" }
  | { ok: false; reason: "unknown user" | "wrong password" | "no such system account" };

/** RFC 1939 section 7: the APOP digest, MD5 of timestamp and secret in lower-case hex. */
export function apopDigest(timestamp: string, secret: string): string {
  return createHash("md5").update(timestamp + secret).digest("hex");
}

function accountOf(e: PasswdFileEntry, sys: PasswdEntry | undefined): Account | undefined {
  const uid = e.uid ?? sys?.uid;
  const gid = e.gid ?? sys?.gid;
  const home = e.home ?? sys?.home;
  if (uid === undefined || gid === undefined || home === undefined) return undefined;
  return { name: e.name, uid, gid, home, shell: e.shell ?? (sys?.shell || "/bin/sh") };
}

/**
 * Checks credentials against the sources. `verify` is the hash check
 * (replaced in tests to see which hash each path checks).
 *
 * @example
 * ```ts
 * const outcome = await checkCredentials({ user: "joe", password: "pw", timestamp: "" }, sources);
 * ```
 */
export async function checkCredentials(
  c: Credentials,
  src: AccountSources,
  verify: (password: string, hash: string) => Promise<boolean> = verifyPassword,
): Promise<CheckOutcome> {
  const entry = src.file.get(c.user);
  if (entry) {
    const hash = supportedHash(entry.hash) ? entry.hash : dummyHashLike(entry.hash);
    const passOk = await verify(c.password, hash) && hash === entry.hash;
    let apopOk = false;
    if (entry.apop !== undefined) {
      const digestOk = c.timestamp !== "" &&
        sameText(c.password.toLowerCase(), apopDigest(c.timestamp, entry.apop));
      apopOk = digestOk || sameText(c.password, entry.apop);
    }
    if (!passOk && !apopOk) return { ok: false, reason: "wrong password" };
    const account = accountOf(entry, src.system(c.user));
    if (!account) return { ok: false, reason: "no such system account" };
    return { ok: true, account, via: passOk ? "password" : "apop" };
  }
  const sys = src.shadow ? src.system(c.user) : undefined;
  const shadowHash = sys ? src.shadow!(c.user) : undefined;
  if (sys && shadowHash !== undefined) {
    const hash = supportedHash(shadowHash) ? shadowHash : dummyHashLike(undefined);
    if (await verify(c.password, hash) && hash === shadowHash) {
      return {
        ok: true,
        account: { name: sys.name, uid: sys.uid, gid: sys.gid, home: sys.home, shell: sys.shell },
        via: "password",
      };
    }
    return { ok: false, reason: "wrong password" };
  }
  const first = src.file.values().next().value?.hash;
  await verify(c.password, dummyHashLike(first));
  return { ok: false, reason: "unknown user" };
}

/** Parses `user\0password\0timestamp\0` (the timestamp may be missing); undefined if malformed. */
export function parseCredentials(bytes: Uint8Array): Credentials | undefined {
  // Passwords are hashed as UTF-8 (crypt(3) and openssl see the bytes typed).
  const f = new TextDecoder().decode(bytes).split("\0");
  // user\0password\0 at least: three pieces, the last one what follows the second NUL.
  if (f.length < 3 || f[0] === "") return undefined;
  return { user: f[0], password: f[1], timestamp: f.length > 3 ? f[2] : "" };
}
