/**
 * Which name servers to ask: /etc/resolv.conf (resolv.conf(5): `nameserver`
 * lines, `options timeout:N attempts:N`), or djbdns's `DNSCACHEIP`
 * (whitespace-separated addresses), extended with a port as `ip:port`, or
 * `[ipv6]:port`, so tests can run a DNS server on a loopback port.
 *
 * @module
 */

/** One name server. */
export interface NameServer {
  address: string;
  port: number;
}

/** Resolver settings. */
export interface DnsConfig {
  servers: NameServer[];
  /** Seconds to wait for each UDP answer (resolv.conf `timeout`, default 5). */
  timeout: number;
  /** Rounds over the server list (resolv.conf `attempts`, default 2). */
  attempts: number;
}

/** The DNS port. */
export const DNS_PORT = 53;

/** Parses `ip`, `ip:port`, `ipv6`, or `[ipv6]:port`. */
export function parseServer(s: string): NameServer | undefined {
  s = s.trim();
  if (s === "") return undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return { address: bracket[1], port: bracket[2] ? Number(bracket[2]) : DNS_PORT };
  const colons = s.split(":").length - 1;
  if (colons === 1) {
    const [address, port] = s.split(":");
    return { address, port: Number(port) || DNS_PORT };
  }
  return { address: s, port: DNS_PORT };
}

/**
 * Parses resolv.conf text. With no `nameserver` line the server is the
 * local host (resolv.conf(5)).
 *
 * @example
 * ```ts
 * parseResolvConf("nameserver 10.0.0.1\noptions timeout:2 attempts:3\n");
 * // { servers: [{ address: "10.0.0.1", port: 53 }], timeout: 2, attempts: 3 }
 * ```
 */
export function parseResolvConf(text: string): DnsConfig {
  const servers: NameServer[] = [];
  let timeout = 5;
  let attempts = 2;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0] && servers.length < 3) {
      // An IPv6 address may carry a zone (%eth0), which this resolver drops.
      servers.push({ address: rest[0].replace(/%.*$/, ""), port: DNS_PORT });
    } else if (key === "options") {
      for (const opt of rest) {
        const m = /^(timeout|attempts):(\d+)$/.exec(opt);
        if (!m) continue;
        const n = Math.max(1, Number(m[2]));
        if (m[1] === "timeout") timeout = Math.min(n, 30);
        else attempts = Math.min(n, 5);
      }
    }
  }
  if (servers.length === 0) servers.push({ address: "127.0.0.1", port: DNS_PORT });
  return { servers, timeout, attempts };
}

/**
 * The configuration to use: `DNSCACHEIP` if set, else /etc/resolv.conf.
 * `env` and `readText` are injectable for tests.
 */
export function loadDnsConfig(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
  readText: (path: string) => string | undefined = readOptional,
): DnsConfig {
  const cache = env("DNSCACHEIP");
  if (cache !== undefined && cache.trim() !== "") {
    const servers = cache.split(/[\s,]+/).map(parseServer).filter((s) => s !== undefined);
    if (servers.length > 0) return { servers, timeout: 5, attempts: 2 };
  }
  return parseResolvConf(readText("/etc/resolv.conf") ?? "");
}

function readOptional(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}
