/**
 * SHA-crypt: the `$5$` (SHA-256) and `$6$` (SHA-512) password hashes of
 * crypt(3), as specified by Ulrich Drepper's "Unix crypt using SHA-256 and
 * SHA-512" (the format of /etc/shadow, `openssl passwd -5/-6`, `mkpasswd`).
 *
 * @module
 */

import { createHash } from "node:crypto";

const ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The spec's default, minimum and maximum round counts. */
export const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
const SALT_MAX = 16;

interface Variant {
  id: "5" | "6";
  algorithm: "sha256" | "sha512";
  size: number;
  /** Byte triples of the final encoding, then the last group (bytes, -1 for none; chars). */
  order: number[][];
  tail: [number, number, number, number];
}

const SHA512: Variant = {
  id: "6",
  algorithm: "sha512",
  size: 64,
  order: Array.from({ length: 21 }, (_, i) => {
    const a = (i * 22) % 63;
    return [a, (a + 21) % 63, (a + 42) % 63];
  }),
  tail: [-1, -1, 63, 2],
};

const SHA256: Variant = {
  id: "5",
  algorithm: "sha256",
  size: 32,
  order: Array.from({ length: 10 }, (_, i) => {
    const a = (i * 21) % 30;
    return [a, (a + 10) % 30, (a + 20) % 30];
  }),
  tail: [-1, 31, 30, 3],
};

function digest(v: Variant, parts: Uint8Array[]): Uint8Array {
  const h = createHash(v.algorithm);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** `length` bytes of `block` repeated. */
function repeatTo(block: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += block.length) {
    out.set(block.subarray(0, Math.min(block.length, length - i)), i);
  }
  return out;
}

function encode(v: Variant, f: Uint8Array): string {
  let s = "";
  const put = (b2: number, b1: number, b0: number, n: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < n; i++, w >>= 6) s += ITOA64[w & 0x3f];
  };
  for (const [a, b, c] of v.order) put(f[a], f[b], f[c], 4);
  const [a, b, c, n] = v.tail;
  const at = (i: number) => (i < 0 ? 0 : f[i]);
  put(at(a), at(b), at(c), n);
  return s;
}

function compute(v: Variant, password: Uint8Array, salt: Uint8Array, rounds: number): Uint8Array {
  const p = password;
  const b = digest(v, [p, salt, p]);
  const aParts: Uint8Array[] = [p, salt, repeatTo(b, p.length)];
  for (let n = p.length; n > 0; n >>= 1) aParts.push(n & 1 ? b : p);
  const a = digest(v, aParts);
  const dp = digest(v, Array.from({ length: p.length }, () => p));
  const pSeq = repeatTo(dp, p.length);
  const ds = digest(v, Array.from({ length: 16 + a[0] }, () => salt));
  const sSeq = repeatTo(ds, salt.length);
  let c = a;
  for (let i = 0; i < rounds; i++) {
    const h = createHash(v.algorithm);
    h.update(i & 1 ? pSeq : c);
    if (i % 3) h.update(sSeq);
    if (i % 7) h.update(pSeq);
    h.update(i & 1 ? c : pSeq);
    c = new Uint8Array(h.digest());
  }
  return c;
}

/** The parts of a `$5$`/`$6$` setting or hash, or undefined if it is not one. */
export function parseShaCrypt(
  hash: string,
): { variant: "5" | "6"; rounds: number; explicitRounds: boolean; salt: string } | undefined {
  const m = /^\$([56])\$(?:rounds=([0-9]+)\$)?([^$]*)/.exec(hash);
  if (!m) return undefined;
  const explicitRounds = m[2] !== undefined;
  let rounds = explicitRounds ? Number(m[2]) : ROUNDS_DEFAULT;
  rounds = Math.min(Math.max(rounds, ROUNDS_MIN), ROUNDS_MAX);
  return { variant: m[1] as "5" | "6", rounds, explicitRounds, salt: m[3].slice(0, SALT_MAX) };
}

/**
 * crypt(3) of `password` with a `$5$…` or `$6$…` setting (salt, optional
 * `rounds=N$`); the result is the whole hash string.
 *
 * @example
 * ```ts
 * shaCrypt("secret", "$6$saltsalt"); // "$6$saltsalt$…"
 * ```
 */
export function shaCrypt(password: string | Uint8Array, setting: string): string {
  const parsed = parseShaCrypt(setting);
  if (!parsed) throw new Error("not a $5$ or $6$ setting");
  const v = parsed.variant === "6" ? SHA512 : SHA256;
  const enc = new TextEncoder();
  const pw = typeof password === "string" ? enc.encode(password) : password;
  const result = compute(v, pw, enc.encode(parsed.salt), parsed.rounds);
  const rounds = parsed.explicitRounds ? `rounds=${parsed.rounds}$` : "";
  return `$${v.id}$${rounds}${parsed.salt}$${encode(v, result)}`;
}

/** A random salt of 16 characters from crypt's alphabet. */
export function randomSalt(length = SALT_MAX): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ITOA64[b & 0x3f]).join("");
}
