/**
 * Password hashes checkpassword accepts: SHA-512-crypt `$6$` and
 * SHA-256-crypt `$5$` (crypt(3), /etc/shadow) and bcrypt `$2a$`/`$2b$`/`$2y$`
 * (through the bcryptjs package, loaded only when such a hash is seen).
 * Anything else (`*`, `!`, yescrypt `$y$`, DES) never matches.
 *
 * @module
 */

import { timingSafeEqual } from "node:crypto";
import { parseShaCrypt, randomSalt, shaCrypt } from "./sha_crypt.ts";

/** The schemes a new hash can be made with. */
export type Scheme = "sha512" | "bcrypt";

const BCRYPT = /^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$/;

/** Compares two strings in time that depends only on their lengths. */
export function sameText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/** True when `hash` is one this module can check. */
export function supportedHash(hash: string): boolean {
  return parseShaCrypt(hash) !== undefined || BCRYPT.test(hash);
}

/**
 * True when `password` matches `hash`.
 *
 * @example
 * ```ts
 * await verifyPassword("secret", "$6$saltsalt$TVLl…"); // true
 * ```
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (parseShaCrypt(hash)) return sameText(shaCrypt(password, hash), hash);
  if (BCRYPT.test(hash)) {
    const bcrypt = (await import("bcryptjs")).default;
    return bcrypt.compareSync(password, hash);
  }
  return false;
}

/** A new hash of `password`: SHA-512-crypt with a random salt (default), or bcrypt cost 10. */
export async function makeHash(password: string, scheme: Scheme = "sha512"): Promise<string> {
  if (scheme === "bcrypt") {
    const bcrypt = (await import("bcryptjs")).default;
    return bcrypt.hashSync(password, 10);
  }
  return shaCrypt(password, `$6$${randomSalt()}`);
}

/**
 * A hash like `hash` (same scheme and cost, random salt and digest) that no
 * password matches: what an unknown user's password is checked against, so
 * that an unknown name costs the same time as a wrong password. Nothing is
 * computed to make it.
 */
export function dummyHashLike(hash: string | undefined): string {
  const sha = hash ? parseShaCrypt(hash) : undefined;
  if (sha) {
    const rounds = sha.explicitRounds ? `rounds=${sha.rounds}$` : "";
    const digest = randomSalt(sha.variant === "6" ? 86 : 43);
    return `$${sha.variant}$${rounds}${randomSalt()}$${digest}`;
  }
  if (hash && BCRYPT.test(hash)) return `${hash.slice(0, 7)}${bcryptSalt(53)}`;
  return `$6$${randomSalt()}$${randomSalt(86)}`;
}

/** Random characters of bcrypt's base64 alphabet (its salt must end in one of ".Oeu"). */
function bcryptSalt(length: number): string {
  const alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  const chars = Array.from(bytes, (b) => alphabet[b & 0x3f]);
  chars[21] = ".Oeu"[bytes[21] & 3];
  return chars.join("");
}
