/**
 * The control files qmail-smtpd reads at the start of every session
 * (qmail-smtpd(8)): smtpgreeting, localiphost, timeoutsmtpd, rcpthosts with
 * morercpthosts.cdb, badmailfrom and databytes.
 *
 * @module
 */

import { readControlInt, readControlLine, readControlLines } from "../control/read.ts";
import { Cdb } from "../cdb/mod.ts";
import { ControlError } from "../control/read.ts";

/** qmail-smtpd's controls, read and ready to use. */
export interface SmtpdControls {
  /** control/smtpgreeting, default control/me. */
  greeting: string;
  /** control/localiphost, default control/me; undefined when neither exists. */
  localIpHost?: string;
  /** control/timeoutsmtpd, default 1200; at least 1. */
  timeoutSeconds: number;
  /** control/databytes, default 0 (no limit). */
  databytes: number;
  /** True when `addr` (or its `@domain`) is in control/badmailfrom. */
  badMailFrom(addr: string): boolean;
  /** True when the recipient's domain is allowed by rcpthosts/morercpthosts.cdb. */
  rcptAllowed(addr: string): boolean;
  /** Releases morercpthosts.cdb. */
  close(): void;
}

/** Lower case for ASCII letters only, as qmail's case functions. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Bytes of a latin1 string (a cdb key). */
function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/**
 * The rcpthosts check (qmail's rcpthosts.c): no rcpthosts file allows
 * everything; an address without `@` is allowed; otherwise the domain, or
 * any suffix of it starting at a dot (`.heaven.af.mil`), must be listed in
 * rcpthosts or be a key of morercpthosts.cdb. Case does not matter.
 *
 * @example
 * ```ts
 * const allowed = rcptHostsMatcher(["example.com", ".example.net"]);
 * allowed("joe@Example.COM"); // true
 * allowed("joe@mx.example.net"); // true
 * allowed("joe@example.org"); // false
 * ```
 */
export function rcptHostsMatcher(
  rcpthosts: string[] | undefined,
  more?: (host: string) => boolean,
): (addr: string) => boolean {
  if (rcpthosts === undefined) return () => true;
  const set = new Set(rcpthosts.map(asciiLower));
  return (addr) => {
    const at = addr.lastIndexOf("@");
    if (at < 0) return true;
    const host = asciiLower(addr.slice(at + 1));
    const suffixes = [host];
    for (let j = 1; j < host.length; j++) if (host[j] === ".") suffixes.push(host.slice(j));
    if (suffixes.some((h) => set.has(h))) return true;
    return more !== undefined && suffixes.some(more);
  };
}

/**
 * The badmailfrom check (qmail-smtpd.c's bmfcheck): the whole address, or
 * `@domain` for every address at that domain; case does not matter.
 */
export function badMailFromMatcher(lines: string[] | undefined): (addr: string) => boolean {
  if (lines === undefined) return () => false;
  const set = new Set(lines.map(asciiLower));
  return (addr) => {
    const a = asciiLower(addr);
    if (set.has(a)) return true;
    const at = a.lastIndexOf("@");
    return at >= 0 && set.has(a.slice(at));
  };
}

/**
 * Reads qmail-smtpd's control files under `home`. Throws ControlError when a
 * file cannot be read or neither smtpgreeting nor me exists (qmail-smtpd's
 * "421 unable to read controls").
 */
export function loadSmtpdControls(home: string): SmtpdControls {
  const c = `${home}/control`;
  const me = readControlLine(`${c}/me`);
  const greeting = readControlLine(`${c}/smtpgreeting`) ?? me;
  if (greeting === undefined) {
    throw new ControlError(`${c}/smtpgreeting`, new Error("neither smtpgreeting nor me exists"));
  }
  const localIpHost = readControlLine(`${c}/localiphost`) ?? me;
  const timeout = readControlInt(`${c}/timeoutsmtpd`) ?? 1200;
  const rcpthosts = readControlLines(`${c}/rcpthosts`);
  let mrh: Cdb | undefined;
  if (rcpthosts !== undefined) {
    try {
      mrh = Cdb.openSync(`${c}/morercpthosts.cdb`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw new ControlError(`${c}/morercpthosts.cdb`, e);
    }
  }
  const more = mrh ? (host: string) => mrh.has(latin1(host)) : undefined;
  return {
    greeting,
    localIpHost,
    timeoutSeconds: timeout <= 0 ? 1 : timeout,
    databytes: readControlInt(`${c}/databytes`) ?? 0,
    badMailFrom: badMailFromMatcher(readControlLines(`${c}/badmailfrom`)),
    rcptAllowed: rcptHostsMatcher(rcpthosts, more),
    close: () => mrh?.close(),
  };
}
