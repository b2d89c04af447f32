/**
 * rblsmtpd's lookups over the project's resolver (lib/dns), which keeps the
 * RCODE: a name that does not exist (NXDOMAIN) is "not listed"; SERVFAIL,
 * REFUSED, timeouts and garbage are temporary failures, which `-c`/`-C`
 * decide about (rblsmtpd's dns_txt/dns_ip4 returning -1).
 *
 * @module
 */

import { DnsError } from "../dns/errors.ts";
import { lookupA, lookupTxt } from "../dns/lookups.ts";
import type { DnsLookup } from "../dns/resolver.ts";
import type { RblLookup } from "./decide.ts";

/**
 * An {@linkcode RblLookup} over `dns` (default: a resolver configured from
 * DNSCACHEIP or /etc/resolv.conf, loaded on first use).
 *
 * @example
 * ```ts ignore
 * await rblLookup().txt("2.0.0.127.zen.spamhaus.org");
 * ```
 */
export function rblLookup(dns?: DnsLookup): RblLookup {
  let resolver: Promise<DnsLookup> | undefined = dns ? Promise.resolve(dns) : undefined;
  const get = () =>
    resolver ??= import("../dns/resolver.ts").then(({ Resolver }) => new Resolver());
  async function absentIsEmpty(run: () => Promise<string[]>): Promise<string[]> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof DnsError && !e.temporary) return [];
      throw e;
    }
  }
  return {
    txt: async (name) => {
      const r = await get();
      return await absentIsEmpty(() => lookupTxt(r, name));
    },
    a: async (name) => {
      const r = await get();
      return await absentIsEmpty(() => lookupA(r, name));
    },
  };
}
