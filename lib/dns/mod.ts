/**
 * The DNS resolver: wire format (packet.ts), name servers from resolv.conf
 * or DNSCACHEIP (config.ts), UDP/TCP transport (transport.ts), the resolver
 * with permanent/temporary errors (resolver.ts) and typed lookups.
 *
 * @module
 */

export {
  type DnsConfig,
  loadDnsConfig,
  type NameServer,
  parseResolvConf,
  parseServer,
} from "./config.ts";
export { DnsError, type DnsErrorKind } from "./errors.ts";
export {
  lookupA,
  lookupAaaa,
  lookupCname,
  lookupMx,
  lookupPtr,
  lookupTxt,
  type Mx,
  reverseName,
} from "./lookups.ts";
export { decodeResponse, type DnsRecord, encodeQuery, type RecordType } from "./packet.ts";
export { type DnsLookup, Resolver, type ResolverOptions } from "./resolver.ts";
export { type DnsTransport, netTransport } from "./transport.ts";
