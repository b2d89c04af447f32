/**
 * How tcpserver follows a rules database (tcprules(1), ADDRESSES): the keys it
 * tries for a connection, in order, and what the first record found says —
 * drop the connection (`D`) and/or set environment variables (`+VAR=value`).
 *
 * @module
 */

import type { Cdb } from "../cdb/reader.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";

/** What a connection is known by. */
export interface RemoteIdentity {
  /** TCPREMOTEIP. */
  ip: string;
  /** TCPREMOTEHOST, if known. */
  host?: string;
  /** TCPREMOTEINFO, if known. */
  info?: string;
}

/** A rule's instructions. */
export interface RuleDecision {
  /** The key of the record followed ("" for the default rule). */
  key: string;
  deny: boolean;
  /** Variables to set, in order (a later one of the same name wins). */
  env: [string, string][];
}

/**
 * The keys tcpserver looks up, most specific first: info@ip, info@=host, ip,
 * =host, shorter and shorter prefixes of ip ending in a dot (a colon for
 * IPv6), suffixes of host starting with a dot preceded by =, then = (when the
 * host is known) and the empty key.
 *
 * @example
 * ```ts
 * ruleKeys({ ip: "1.2.3.4" }); // ["1.2.3.4", "1.2.3.", "1.2.", "1.", ""]
 * ```
 */
export function ruleKeys(who: RemoteIdentity): string[] {
  const { ip, host, info } = who;
  const keys: string[] = [];
  if (info !== undefined) {
    keys.push(`${info}@${ip}`);
    if (host !== undefined) keys.push(`${info}@=${host}`);
  }
  keys.push(ip);
  if (host !== undefined) keys.push(`=${host}`);
  const sep = ip.includes(":") ? ":" : ".";
  for (let i = ip.length - 1; i > 0; i--) {
    if (ip[i - 1] === sep) keys.push(ip.slice(0, i));
  }
  if (host !== undefined) {
    for (let i = 0; i < host.length; i++) {
      if (host[i] === ".") keys.push(`=${host.slice(i)}`);
    }
    keys.push("=");
  }
  keys.push("");
  return keys;
}

/**
 * Reads a record value the way tcpserver's found() does: NUL-terminated
 * strings; `D` denies, `+VAR=value` sets a variable, anything else (and an
 * unterminated tail) is ignored.
 *
 * @example
 * ```ts
 * decodeRule("127.", new TextEncoder().encode("+RELAYCLIENT=\0")).env; // [["RELAYCLIENT", ""]]
 * ```
 */
export function decodeRule(key: string, data: Uint8Array): RuleDecision {
  const decision: RuleDecision = { key, deny: false, env: [] };
  const text = new TextDecoder().decode(data);
  const parts = text.split("\0");
  parts.pop(); // the part after the last NUL is not a whole instruction
  for (const part of parts) {
    if (part[0] === "D") decision.deny = true;
    if (part[0] !== "+") continue;
    const eq = part.indexOf("=");
    if (eq >= 0) decision.env.push([part.slice(1, eq), part.slice(eq + 1)]);
  }
  return decision;
}

/**
 * The decision for a connection: the first record found among
 * {@linkcode ruleKeys}, or undefined when no key matches (the connection is
 * allowed and nothing is set).
 *
 * @example
 * ```ts
 * using db = Cdb.openSync("/etc/tcp.smtp.cdb");
 * const d = lookupRules(db, { ip: "127.0.0.1" });
 * ```
 */
export function lookupRules(db: Cdb, who: RemoteIdentity): RuleDecision | undefined {
  for (const key of ruleKeys(who)) {
    const data = db.get(latin1ToBytes(key));
    if (data !== undefined) return decodeRule(key, data);
  }
  return undefined;
}

/**
 * Every value the rules in `db` give variable `name` (tcpserver's grants:
 * a rule's QMAILQUEUE names a program an in-process qmail-smtpd must run).
 */
export function valuesSet(db: Cdb, name: string): string[] {
  const values = new Set<string>();
  for (const [key, data] of db.entries()) {
    for (const [n, v] of decodeRule(bytesToLatin1(key), data).env) if (n === name) values.add(v);
  }
  return [...values];
}
