/**
 * control/smtproutes (qmail-remote(8)): lines `domain:relay`, where relay may
 * carry a port (`relay:port`) and may be empty (`domain:` — use the domain's
 * MX records as usual). Keys may be wildcards: `.suffix` matches hosts ending
 * in `.suffix` (not `suffix` itself), and the empty key (`:relay`) matches
 * every host. qmail-remote tries the host, then each `.suffix` from longest
 * to shortest, then the empty key (qmail-remote.c main()). Keys compare
 * case-insensitively; a key listed twice takes its last line.
 *
 * A relay is a host name or an address literal `[1.2.3.4]`, which
 * qmail-remote connects to by A lookup (no MX, no CNAME). As an extension, an
 * IPv6 literal keeps its colons: `[2001:db8::1]:2525` is relay
 * `[2001:db8::1]` on port 2525 (qmail would split at the first colon).
 *
 * @module
 */

import { ConstMap } from "./constmap.ts";

/** The SMTP port qmail-remote uses when a route names none. */
export const SMTP_PORT = 25;

/** Where qmail-remote sends mail for one host. */
export interface SmtpRoute {
  /** The relay to connect to, or undefined to look up the host's MX records. */
  relay?: string;
  /** The TCP port. */
  port: number;
  /** The smtproutes key (as the file spells it) that matched, or undefined when none did. */
  matched?: string;
}

/** One line of smtproutes. */
export interface SmtpRouteEntry {
  key: string;
  /** The text after the first colon: `relay`, `relay:port`, or empty. */
  value: string;
}

/** Splits a route value into relay and port (qmail: port after the first colon, scan_ulong). */
export function parseRelay(value: string): { relay: string; port: number } {
  let relay = value;
  let rest: string | undefined;
  if (value.startsWith("[") && value.includes("]")) {
    const close = value.indexOf("]");
    relay = value.slice(0, close + 1);
    if (value[close + 1] === ":") rest = value.slice(close + 2);
  } else {
    const i = value.indexOf(":");
    if (i >= 0) {
      relay = value.slice(0, i);
      rest = value.slice(i + 1);
    }
  }
  // scan_ulong: leading digits, 0 when there are none.
  const port = rest === undefined ? SMTP_PORT : Number(/^\d*/.exec(rest)![0] || "0");
  return { relay, port };
}

/** The keys qmail-remote looks up for `host`, in order. */
export function smtpRouteKeys(host: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < host.length; i++) if (i === 0 || host[i] === ".") keys.push(host.slice(i));
  keys.push("");
  return keys;
}

/**
 * Parsed smtproutes.
 *
 * @example
 * ```ts
 * const r = SmtpRoutes.parse(["inside.af.mil:firewall.af.mil:26", ".af.mil:"]);
 * r.route("inside.af.mil"); // { relay: "firewall.af.mil", port: 26, matched: "inside.af.mil" }
 * r.route("x.af.mil"); // { port: 25, matched: ".af.mil" } — MX lookup
 * ```
 */
export class SmtpRoutes {
  readonly entries: readonly SmtpRouteEntry[];
  readonly #map: ConstMap;

  private constructor(entries: SmtpRouteEntry[], map: ConstMap) {
    this.entries = entries;
    this.#map = map;
  }

  /** Parses the lines of control/smtproutes (lines without a colon are ignored). */
  static parse(lines: readonly string[]): SmtpRoutes {
    const entries: SmtpRouteEntry[] = [];
    for (const line of lines) {
      const i = line.indexOf(":");
      if (i >= 0) entries.push({ key: line.slice(0, i), value: line.slice(i + 1) });
    }
    return new SmtpRoutes(entries, ConstMap.fromLines(lines, true));
  }

  /** No routes: every host by its MX records. */
  static empty(): SmtpRoutes {
    return SmtpRoutes.parse([]);
  }

  /**
   * Where to send mail for `host`. A matching entry with an empty relay means
   * MX lookup; so does a relay that is empty once its port is taken off
   * (qmail would try to resolve the empty name and fail).
   */
  route(host: string): SmtpRoute {
    for (const candidate of smtpRouteKeys(host)) {
      const found = this.#map.find(candidate);
      if (found === undefined) continue;
      const matched = found.key;
      if (found.value === "") return { port: SMTP_PORT, matched };
      const { relay, port } = parseRelay(found.value);
      return relay === "" ? { port, matched } : { relay, port, matched };
    }
    return { port: SMTP_PORT };
  }
}
