/**
 * A stub resolver that keeps the RCODE: NXDOMAIN is permanent, SERVFAIL,
 * REFUSED, timeouts and garbage are temporary (qmail's DNS_HARD/DNS_SOFT).
 * UDP first, the same server over TCP when the reply is truncated (answers
 * over 512 bytes, the qmail FAQ's "oversize DNS packet" problem), each
 * server in turn for `attempts` rounds. An optional cache honours TTLs.
 *
 * @module
 */

import { type DnsConfig, loadDnsConfig } from "./config.ts";
import { DnsError } from "./errors.ts";
import { decodeResponse, type DnsRecord, encodeQuery, RCODE, type RecordType } from "./packet.ts";
import { type DnsTransport, netTransport } from "./transport.ts";

/** Resolver options; every one has a default for real use. */
export interface ResolverOptions {
  transport?: DnsTransport;
  /** Query IDs; default crypto-random. */
  randomId?: () => number;
  /** Keep answers up to their TTL (capped at `maxCacheSeconds`). */
  cache?: boolean;
  maxCacheSeconds?: number;
  /** Milliseconds since the epoch (for the cache). */
  now?: () => number;
}

/** Looks names up. An interface so callers can be tested with a fake. */
export interface DnsLookup {
  /** Records of `type` in the answer; `[]` when the name exists without them. */
  query(name: string, type: RecordType): Promise<DnsRecord[]>;
}

interface CacheEntry {
  expires: number;
  records?: DnsRecord[];
  error?: DnsError;
}

function randomId(): number {
  return crypto.getRandomValues(new Uint16Array(1))[0];
}

const RCODE_NAMES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

/**
 * A resolver over the servers of a {@linkcode DnsConfig}.
 *
 * @example
 * ```ts ignore
 * const r = new Resolver(loadDnsConfig());
 * const mx = await r.query("example.org", "MX"); // throws DnsError
 * ```
 */
export class Resolver implements DnsLookup {
  readonly config: DnsConfig;
  readonly #transport: DnsTransport;
  readonly #id: () => number;
  readonly #cache?: Map<string, CacheEntry>;
  /** Questions on the wire now (caching resolvers only): the same question waits for them. */
  readonly #asking = new Map<string, Promise<DnsRecord[]>>();
  readonly #maxCache: number;
  readonly #now: () => number;

  constructor(config: DnsConfig = loadDnsConfig(), opts: ResolverOptions = {}) {
    this.config = config;
    this.#transport = opts.transport ?? netTransport;
    this.#id = opts.randomId ?? randomId;
    this.#cache = opts.cache ? new Map() : undefined;
    this.#maxCache = opts.maxCacheSeconds ?? 300;
    this.#now = opts.now ?? Date.now;
  }

  /** The answer records of `type` for `name` (CNAMEs the server followed are dropped). */
  async query(name: string, type: RecordType): Promise<DnsRecord[]> {
    const all = await this.answers(name, type);
    return all.filter((r) => r.type === type);
  }

  /** The whole answer section (CNAME chain included). Throws {@linkcode DnsError}. */
  async answers(name: string, type: RecordType): Promise<DnsRecord[]> {
    const key = `${type} ${name.toLowerCase()}`;
    const hit = this.#cache?.get(key);
    if (hit && hit.expires > this.#now()) {
      if (hit.error) throw hit.error;
      return hit.records!;
    }
    if (!this.#cache) return await this.#fresh(key, name, type);
    // Concurrent deliveries to one domain ask once (each would miss the cache).
    let asking = this.#asking.get(key);
    if (!asking) {
      asking = this.#fresh(key, name, type).finally(() => this.#asking.delete(key));
      this.#asking.set(key, asking);
    }
    return await asking;
  }

  /** Asks the servers, and caches what may be cached. */
  async #fresh(key: string, name: string, type: RecordType): Promise<DnsRecord[]> {
    try {
      const records = await this.#ask(name, type);
      const ttl = Math.min(this.#maxCache, ...records.map((r) => r.ttl));
      if (this.#cache && ttl > 0) {
        this.#cache.set(key, { expires: this.#now() + ttl * 1000, records });
      }
      return records;
    } catch (e) {
      // Negative answers are kept briefly; temporary failures never are.
      if (this.#cache && e instanceof DnsError && !e.temporary) {
        this.#cache.set(key, {
          expires: this.#now() + Math.min(60, this.#maxCache) * 1000,
          error: e,
        });
      }
      throw e;
    }
  }

  async #ask(name: string, type: RecordType): Promise<DnsRecord[]> {
    const { servers, attempts, timeout } = this.config;
    if (servers.length === 0) throw new DnsError("no-servers", true, "no name servers configured");
    let last: DnsError | undefined;
    for (let round = 0; round < attempts; round++) {
      for (const server of servers) {
        const id = this.#id() & 0xffff;
        const query = encodeQuery(id, name, type);
        try {
          let reply = decodeResponse(
            await this.#transport.udp(server, query, id, timeout * 1000),
          );
          this.#check(reply, id, name);
          if (reply.truncated) {
            reply = decodeResponse(await this.#transport.tcp(server, query, timeout * 1000));
            this.#check(reply, id, name);
          }
          if (reply.rcode === RCODE.NOERROR) return reply.answers;
          if (reply.rcode === RCODE.NXDOMAIN) {
            throw new DnsError("nxdomain", false, `no such domain: ${name}`);
          }
          const code = RCODE_NAMES[reply.rcode] ?? `RCODE ${reply.rcode}`;
          last = new DnsError("servfail", true, `${code} from ${server.address} for ${name}`);
        } catch (e) {
          if (!(e instanceof DnsError) || !e.temporary) throw e;
          last = e;
        }
      }
    }
    throw last!;
  }

  #check(reply: ReturnType<typeof decodeResponse>, id: number, name: string): void {
    const want = (name.endsWith(".") ? name.slice(0, -1) : name).toLowerCase();
    if (reply.id !== id || (reply.question && reply.question.name.toLowerCase() !== want)) {
      throw new DnsError("malformed", true, `DNS reply does not match the query for ${name}`);
    }
  }
}
