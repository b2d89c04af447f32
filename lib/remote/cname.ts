/**
 * Recipient domains canonicalised through CNAME (qmail 1.03's dns_cname and
 * addrmangle; the qmail FAQ 2.5: "The SMTP standard does not permit aliased
 * hostnames, so qmail has to do a CNAME lookup in DNS for every recipient
 * host"). Up to 10 aliases are followed; a name that does not exist stays as
 * it is; a temporary failure defers ("CNAME lookup failed temporarily").
 *
 * @module
 */

import { DnsError } from "../dns/errors.ts";
import { lookupCname } from "../dns/lookups.ts";
import type { DnsLookup } from "../dns/resolver.ts";

/** The canonical name and whether `name` was an alias (qmail's flagalias). */
export interface Canonical {
  name: string;
  alias: boolean;
}

/** Follows CNAMEs from `name`. Throws a temporary {@linkcode DnsError} to defer. */
export async function canonicalName(dns: DnsLookup, name: string): Promise<Canonical> {
  let current = name;
  for (let loop = 0; loop < 10; loop++) {
    if (current === "" || current.endsWith("]")) return { name: current, alias: loop > 0 };
    if (current.endsWith(".")) {
      current = current.slice(0, -1);
      continue;
    }
    let target: string | undefined;
    try {
      target = await lookupCname(dns, current);
    } catch (e) {
      if (e instanceof DnsError && !e.temporary) return { name: current, alias: loop > 0 };
      throw e;
    }
    if (target === undefined) return { name: current, alias: loop > 0 };
    current = target;
  }
  // An alias loop is not qmail-remote's problem: the address stays, still an alias.
  return { name, alias: true };
}
