/**
 * Where mail for a host goes (RFC 5321 §5.1, RFC 974; qmail's dns_mxip and
 * dns_ip): an address literal as is; else the MX records sorted by
 * preference, equal preferences in random order, each exchanger's addresses
 * in turn; no MX (or no such name for MX) means the host's own addresses.
 * A temporary failure for one exchanger is remembered (`soft`) while the
 * others are still used; a permanent one drops that exchanger.
 *
 * @module
 */

import { DnsError } from "../dns/errors.ts";
import { lookupA, lookupAaaa, lookupMx, type Mx } from "../dns/lookups.ts";
import type { DnsLookup } from "../dns/resolver.ts";

/** One address to try, with the preference of the MX that led to it. */
export interface MxAddress {
  address: string;
  preference: number;
}

/** The addresses for a host, best first. */
export interface MxResult {
  addresses: MxAddress[];
  /** Some exchanger could not be looked up just now (qmail's flagsoft). */
  soft: boolean;
}

/** Lookup options. */
export interface MxOptions {
  /** A number in [0, 1) for the equal-preference shuffle. */
  random?: () => number;
  /** Also use AAAA records (after the A records of each name). */
  ipv6?: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address of a literal `1.2.3.4`, `[1.2.3.4]`, `[IPv6:2001:db8::1]` or `[::1]`, else undefined. */
export function addressLiteral(host: string): string | undefined {
  let s = host;
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1).replace(/^ipv6:/i, "");
  const m = IPV4.exec(s);
  if (m && m.slice(1).every((o) => Number(o) <= 255)) return m.slice(1).map(Number).join(".");
  if (host.startsWith("[") && s.includes(":") && /^[0-9a-f:.]+$/i.test(s)) return s.toLowerCase();
  return undefined;
}

/** The addresses of `name` (qmail's dns_ip, plus AAAA); throws {@linkcode DnsError}. */
export async function hostAddresses(
  dns: DnsLookup,
  name: string,
  preference = 0,
  opts: MxOptions = {},
): Promise<MxAddress[]> {
  const literal = addressLiteral(name);
  if (literal) return [{ address: literal, preference }];
  const v4 = lookupA(dns, name);
  if (!opts.ipv6) return (await v4).map((address) => ({ address, preference }));
  const [a, aaaa] = await Promise.allSettled([v4, lookupAaaa(dns, name)]);
  if (a.status === "rejected" && aaaa.status === "rejected") {
    // Both failed: temporary wins, since it may yet succeed.
    const e = [a.reason, aaaa.reason].find((r) => r instanceof DnsError && r.temporary);
    throw e ?? a.reason;
  }
  const list = [
    ...(a.status === "fulfilled" ? a.value : []),
    ...(aaaa.status === "fulfilled" ? aaaa.value : []),
  ];
  if (list.length === 0 && a.status === "rejected") throw a.reason;
  return list.map((address) => ({ address, preference }));
}

/** MX records best first, equal preferences shuffled. */
export function sortMx(mx: Mx[], random: () => number = Math.random): Mx[] {
  const out = [...mx];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.sort((a, b) => a.preference - b.preference); // stable: keeps the shuffle within a preference
}

/**
 * The addresses for mail to `host`. Throws {@linkcode DnsError}: temporary
 * when the MX lookup itself failed temporarily, permanent when the host
 * does not exist.
 *
 * @example
 * ```ts ignore
 * const { addresses, soft } = await mxAddresses(resolver, "example.org");
 * ```
 */
export async function mxAddresses(
  dns: DnsLookup,
  host: string,
  opts: MxOptions = {},
): Promise<MxResult> {
  if (addressLiteral(host)) return { addresses: await hostAddresses(dns, host), soft: false };
  let mx: Mx[];
  try {
    mx = await lookupMx(dns, host);
  } catch (e) {
    if (e instanceof DnsError && !e.temporary) {
      return { addresses: await hostAddresses(dns, host, 0, opts), soft: false };
    }
    throw e;
  }
  if (mx.length === 0) return { addresses: await hostAddresses(dns, host, 0, opts), soft: false };
  const sorted = sortMx(mx, opts.random);
  const found = await Promise.allSettled(
    sorted.map((m) => hostAddresses(dns, m.exchange, m.preference, opts)),
  );
  const addresses: MxAddress[] = [];
  let soft = false;
  for (const r of found) {
    if (r.status === "fulfilled") addresses.push(...r.value);
    else if (!(r.reason instanceof DnsError) || r.reason.temporary) soft = true;
  }
  return { addresses, soft };
}
