/**
 * control/virtualdomains (qmail-send(8)): lines `key:prepend`, where key is
 *
 * - `user@domain` — one virtual user,
 * - `domain` — every address at that domain,
 * - `.suffix` — every address at any host ending in `.suffix`,
 * - empty (`:prepend`) — every address not matched otherwise (catch-all);
 *
 * and an empty prepend (`domain:`) is an exception: that domain is not
 * virtual. qmail-send tries, in this order, the whole address, the domain,
 * then each `.suffix` of the domain from longest to shortest, then the empty
 * key; the first key present decides (qmail-send.c rewrite()). Keys compare
 * case-insensitively; a key listed twice takes its last line.
 *
 * @module
 */

import { ConstMap } from "./constmap.ts";

/** One line of virtualdomains. */
export interface VirtualDomainEntry {
  key: string;
  prepend: string;
}

/** The keys qmail-send looks up for `address` (which contains an `@`), in order. */
export function virtualDomainKeys(address: string): string[] {
  const at = address.lastIndexOf("@");
  const keys = [address];
  for (let i = at + 1; i < address.length; i++) {
    if (i === at + 1 || address[i] === ".") keys.push(address.slice(i));
  }
  keys.push("");
  return keys;
}

/**
 * Parsed virtualdomains.
 *
 * @example
 * ```ts
 * const v = VirtualDomains.parse(["nowhere.mil:joe-foo"]);
 * v.lookup("info@nowhere.mil"); // "joe-foo"
 * v.rewrite("info@nowhere.mil"); // "joe-foo-info@nowhere.mil"
 * ```
 */
export class VirtualDomains {
  readonly entries: readonly VirtualDomainEntry[];
  readonly #map: ConstMap;

  private constructor(entries: VirtualDomainEntry[], map: ConstMap) {
    this.entries = entries;
    this.#map = map;
  }

  /** Parses the lines of control/virtualdomains (lines without a colon are ignored). */
  static parse(lines: readonly string[]): VirtualDomains {
    const entries: VirtualDomainEntry[] = [];
    for (const line of lines) {
      const i = line.indexOf(":");
      if (i >= 0) entries.push({ key: line.slice(0, i), prepend: line.slice(i + 1) });
    }
    return new VirtualDomains(entries, ConstMap.fromLines(lines, true));
  }

  /** No virtual domains. */
  static empty(): VirtualDomains {
    return VirtualDomains.parse([]);
  }

  /**
   * The prepend for `address` (which must contain an `@`), or undefined when
   * the address is not virtual (no key matches, or an exception does).
   */
  lookup(address: string): string | undefined {
    for (const key of virtualDomainKeys(address)) {
      const prepend = this.#map.get(key);
      if (prepend !== undefined) return prepend === "" ? undefined : prepend;
    }
    return undefined;
  }

  /** `prepend-address` for a virtual address, or undefined (qmail-send's local rewrite). */
  rewrite(address: string): string | undefined {
    const prepend = this.lookup(address);
    return prepend === undefined ? undefined : `${prepend}-${address}`;
  }

  /**
   * Undoes {@linkcode VirtualDomains.rewrite} for a bounce report: when the
   * recipient's domain is virtual with prepend P and the recipient starts with
   * `P-`, returns what follows (qmail-send.c stripvdomprepend). Only domain
   * keys are tried here, not whole-address keys, as in qmail.
   */
  strip(recipient: string): string {
    const at = recipient.lastIndexOf("@");
    if (at < 0) return recipient;
    const domain = recipient.slice(at + 1);
    for (let i = 0; i <= domain.length; i++) {
      if (i !== 0 && i !== domain.length && domain[i] !== ".") continue;
      const prepend = this.#map.get(domain.slice(i));
      if (prepend === undefined) continue;
      if (prepend === "" || !recipient.startsWith(`${prepend}-`)) break;
      return recipient.slice(prepend.length + 1);
    }
    return recipient;
  }
}
