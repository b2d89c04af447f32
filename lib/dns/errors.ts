/**
 * DNS failures that say whether to bounce or to try later. qmail's dns.c
 * knows three outcomes besides success: DNS_HARD (the name does not exist:
 * permanent), DNS_SOFT (server failure, refusal, timeout, garbage:
 * temporary) and DNS_MEM. `Deno.resolveDns` folds them together, which is
 * why this resolver exists.
 *
 * @module
 */

/** Why a lookup failed. */
export type DnsErrorKind =
  /** RCODE 3: the name does not exist (permanent). */
  | "nxdomain"
  /** RCODE 2 SERVFAIL, 5 REFUSED, 4 NOTIMP, 1 FORMERR from every server. */
  | "servfail"
  /** No server answered in time. */
  | "timeout"
  /** A reply that cannot be parsed, or does not match the query. */
  | "malformed"
  /** Sending or connecting failed (e.g. ECONNREFUSED). */
  | "network"
  /** The name itself cannot be put in a query (permanent). */
  | "bad-name"
  /** No name server is configured. */
  | "no-servers";

/**
 * A failed lookup. `temporary` is what the caller acts on: defer (true) or
 * bounce (false).
 *
 * @example
 * ```ts
 * const e = new DnsError("nxdomain", false, "no such domain: example.invalid");
 * e.temporary; // false
 * ```
 */
export class DnsError extends Error {
  readonly kind: DnsErrorKind;
  readonly temporary: boolean;
  constructor(kind: DnsErrorKind, temporary: boolean, message: string) {
    super(message);
    this.name = "DnsError";
    this.kind = kind;
    this.temporary = temporary;
  }
}
