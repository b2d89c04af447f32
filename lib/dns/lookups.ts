/**
 * Typed lookups on top of a {@linkcode DnsLookup}: MX, A, AAAA, CNAME, PTR,
 * TXT. Each throws the resolver's {@linkcode DnsError} (with `temporary`).
 *
 * @module
 */

import type { DnsLookup } from "./resolver.ts";

/** One mail exchanger. */
export interface Mx {
  preference: number;
  exchange: string;
}

/** MX records of `name` (RFC 5321 §5.1); `[]` when it has none. */
export async function lookupMx(dns: DnsLookup, name: string): Promise<Mx[]> {
  const out: Mx[] = [];
  for (const r of await dns.query(name, "MX")) {
    if (r.type === "MX") out.push({ preference: r.preference, exchange: r.exchange });
  }
  return out;
}

/** IPv4 addresses of `name`. */
export async function lookupA(dns: DnsLookup, name: string): Promise<string[]> {
  return (await dns.query(name, "A")).flatMap((r) => r.type === "A" ? [r.address] : []);
}

/** IPv6 addresses of `name`. */
export async function lookupAaaa(dns: DnsLookup, name: string): Promise<string[]> {
  return (await dns.query(name, "AAAA")).flatMap((r) => r.type === "AAAA" ? [r.address] : []);
}

/** The target of `name`'s CNAME record, or undefined when it is not an alias. */
export async function lookupCname(dns: DnsLookup, name: string): Promise<string | undefined> {
  for (const r of await dns.query(name, "CNAME")) if (r.type === "CNAME") return r.target;
  return undefined;
}

/** The reverse name of an IPv4 or IPv6 address (RFC 1035 §3.5, RFC 3596 §2.5). */
export function reverseName(ip: string): string {
  if (!ip.includes(":")) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  const [head, tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  const nibbles = groups.map((g) => g.padStart(4, "0")).join("").split("");
  return `${nibbles.reverse().join(".")}.ip6.arpa`;
}

/** The names an address's PTR records give (dnsptr). */
export async function lookupPtr(dns: DnsLookup, ip: string): Promise<string[]> {
  return (await dns.query(reverseName(ip), "PTR")).flatMap((r) =>
    r.type === "PTR" ? [r.target] : []
  );
}

/** TXT records of `name`, each record's strings joined (as for SPF/DKIM). */
export async function lookupTxt(dns: DnsLookup, name: string): Promise<string[]> {
  const dec = new TextDecoder("latin1");
  return (await dns.query(name, "TXT")).flatMap((r) =>
    r.type === "TXT" ? [r.strings.map((s) => dec.decode(s)).join("")] : []
  );
}
