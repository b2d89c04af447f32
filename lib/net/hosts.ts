/**
 * Host names for tcpserver's environment: TCPLOCALHOST and TCPREMOTEHOST
 * from PTR records (dns_name4), and -p's paranoid check that the name maps
 * back to the address. A lookup that fails for any reason leaves the name
 * unknown, so a tcpserver without DNS still serves (as with -H).
 *
 * @module
 */

import { lookupA, lookupAaaa, lookupPtr } from "../dns/lookups.ts";
import type { DnsLookup } from "../dns/resolver.ts";

/** The lookups tcpserver makes; injectable for tests. */
export interface HostLookup {
  /** The first PTR name of `ip` (no trailing dot), or undefined. */
  name(ip: string): Promise<string | undefined>;
  /** The addresses of `name`, or none. */
  addresses(name: string): Promise<string[]>;
  /** Loads what the lookups need, before the process gives up the right to read it. */
  prepare?(): Promise<void>;
}

/**
 * Lookups through `dns` (default: lib/dns's resolver with a TTL cache,
 * configured from DNSCACHEIP or /etc/resolv.conf and loaded on first use).
 */
export function dnsHostLookup(dns?: DnsLookup): HostLookup {
  let resolver: Promise<DnsLookup> | undefined = dns ? Promise.resolve(dns) : undefined;
  const get = () =>
    resolver ??= import("../dns/resolver.ts").then(({ Resolver }) =>
      new Resolver(undefined, { cache: true })
    );
  return {
    async prepare() {
      await get();
      await import("node:dgram");
    },
    async name(ip) {
      try {
        const names = await lookupPtr(await get(), ip);
        return names[0]?.replace(/\.$/, "") || undefined;
      } catch {
        return undefined;
      }
    },
    async addresses(name) {
      const r = await get();
      const [v4, v6] = await Promise.all([
        lookupA(r, name).catch(() => []),
        lookupAaaa(r, name).catch(() => []),
      ]);
      return [...v4, ...v6];
    },
  };
}

/**
 * TCPREMOTEHOST for `ip`: its name, or undefined; with `paranoid` only when
 * one of the name's addresses is `ip` again.
 *
 * @example
 * ```ts
 * await remoteHostName(dnsHostLookup(), "127.0.0.1", true);
 * ```
 */
export async function remoteHostName(
  lookup: HostLookup,
  ip: string,
  paranoid: boolean,
): Promise<string | undefined> {
  const name = await lookup.name(ip);
  if (name === undefined || !paranoid) return name;
  const addresses = await lookup.addresses(name);
  return addresses.some((a) => a.toLowerCase() === ip) ? name : undefined;
}
