/**
 * qmail-inject's address rewriting (qmail-inject.c's rwgeneric), applied to
 * every address in sender and recipient fields, to recipient arguments and
 * to -f. Addresses are token lists, reversed (last token first) as the
 * address-list walk hands them over.
 *
 * In order (qmail-header(5), qmail-inject(8)):
 * 1. `<>` and `x@[]` stay as they are;
 * 2. a source route (`@a,@b:joe@host`) is removed;
 * 3. a trailing `.` or `@` is removed;
 * 4. an address without `@` gets `@defaulthost`;
 * 5. a host ending in `+` loses the `+` and gets `.plusdomain`;
 * 6. a host without a dot (and not a `[literal]`) gets `.defaultdomain`.
 *
 * `!` and `%` have no meaning here: `a!b` and `a%b@c` are ordinary local parts.
 *
 * @module
 */

import type { Token } from "./token822.ts";

/** The domain tokens the rules append, in reading order. */
export interface RewriteDomains {
  /** `@` and the default host (from "@" + defaulthost). */
  defaultHost: Token[];
  /** `.` and the default domain (from "." + defaultdomain). */
  defaultDomain: Token[];
  /** `.` and the plus domain (from "." + plusdomain). */
  plusDomain: Token[];
}

/** Appends `tokens` (in reading order) to the end of a reversed address. */
function appendReversed(addr: Token[], tokens: Token[]): Token[] {
  return [...[...tokens].reverse(), ...addr];
}

/** Removes a source route: `@a,@b:joe@host` becomes `joe@host`. */
function dropRoute(addr: Token[]): Token[] {
  if (addr[addr.length - 1].type !== "@") return addr;
  let len = addr.length;
  while (len) if (addr[--len].type === ":") break;
  return addr.slice(0, len);
}

/** Adds `@defaulthost` when there is no `@`. */
function addHost(addr: Token[], d: RewriteDomains): Token[] {
  if (addr.some((t) => t.type === "@")) return addr;
  return appendReversed(addr, d.defaultHost);
}

/** Replaces a trailing `+` on the host by `.plusdomain`. */
function addPlusDomain(addr: Token[], d: RewriteDomains): Token[] {
  const last = addr[0];
  if (last.type !== "atom" || !last.s.endsWith("+")) return addr;
  const trimmed = [{ type: last.type, s: last.s.slice(0, -1) }, ...addr.slice(1)];
  return appendReversed(trimmed, d.plusDomain);
}

/** Adds `.defaultdomain` to a host without dots that is not a literal. */
function addDomain(addr: Token[], d: RewriteDomains): Token[] {
  for (const t of addr) {
    if (t.type === "@") break;
    if (t.type === "." || t.type === "literal") return addr;
  }
  return appendReversed(addr, d.defaultDomain);
}

/**
 * Rewrites one reversed address by qmail-inject's rules (see the module
 * documentation); returns the new reversed address.
 *
 * @example
 * ```ts
 * import { tokenize, unquote } from "./token822.ts";
 * const d = { defaultHost: tokenize("@h")!, defaultDomain: tokenize(".d.org")!, plusDomain: [] };
 * unquote(rewriteAddress(tokenize("joe")!.reverse(), d).reverse()); // "joe@h.d.org"
 * ```
 */
export function rewriteAddress(reversed: Token[], d: RewriteDomains): Token[] {
  let addr = reversed;
  if (!addr.length) return addr; // <>
  if (addr.length >= 2 && addr[1].type === "@" && addr[0].type === "literal" && !addr[0].s) {
    return addr; // foo@[]
  }
  addr = dropRoute(addr);
  if (!addr.length) return addr; // <@foo:> -> <>
  if (addr[0].type === ".") addr = addr.slice(1);
  if (!addr.length) return addr; // <.> -> <>
  if (addr[0].type === "@") addr = addr.slice(1);
  if (!addr.length) return addr; // <@> -> <>
  addr = addHost(addr, d);
  addr = addPlusDomain(addr, d);
  return addDomain(addr, d);
}
