/**
 * What tcpserver tells a program about its connection (tcp-environ(5)) and
 * the lines it logs about it (tcpserver -v): `pid N from IP`, `ok N
 * LOCALHOST:LOCALIP:LOCALPORT REMOTEHOST:REMOTEIP:REMOTEINFO:REMOTEPORT` (or
 * `deny N …`), `end N status S` and `status: N/LIMIT`.
 *
 * @module
 */

import type { ServerEnv } from "./inprocess.ts";

/** tcp-environ(5)'s variables, which tcpserver sets for every connection. */
export const UCSPI_ENV = [
  "PROTO",
  "TCPLOCALIP",
  "TCPLOCALPORT",
  "TCPLOCALHOST",
  "TCPREMOTEIP",
  "TCPREMOTEPORT",
  "TCPREMOTEHOST",
  "TCPREMOTEINFO",
];

/** The two ends of a connection and what is known of their names. */
export interface ConnectionInfo {
  localIp: string;
  localPort: number;
  /** TCPLOCALHOST: -l's name, or the local address's DNS name. */
  localHost?: string;
  remoteIp: string;
  remotePort: number;
  /** TCPREMOTEHOST: the remote address's DNS name (-h). */
  remoteHost?: string;
  /** TCPREMOTEINFO (ident); never looked up by this tcpserver. */
  remoteInfo?: string;
}

/**
 * The address as tcpserver reports it: an IPv4-mapped IPv6 address (a v4
 * client of a `::` listener) as plain IPv4, IPv6 in lower case.
 *
 * @example
 * ```ts
 * normalizeIp("::ffff:127.0.0.1"); // "127.0.0.1"
 * ```
 */
export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return m[1];
  return ip.toLowerCase();
}

/**
 * The tcp-environ(5) variables for a connection; names that are unknown are
 * present with the value undefined (tcpserver removes them).
 *
 * @example
 * ```ts
 * ucspiEnv({ localIp: "127.0.0.1", localPort: 25, remoteIp: "127.0.0.1", remotePort: 4000 }).PROTO;
 * // "TCP"
 * ```
 */
export function ucspiEnv(c: ConnectionInfo): ServerEnv {
  return {
    PROTO: "TCP",
    TCPLOCALIP: c.localIp,
    TCPLOCALPORT: String(c.localPort),
    TCPLOCALHOST: c.localHost,
    TCPREMOTEIP: c.remoteIp,
    TCPREMOTEPORT: String(c.remotePort),
    TCPREMOTEHOST: c.remoteHost,
    TCPREMOTEINFO: c.remoteInfo,
  };
}

/**
 * tcpserver's safecats: at most 100 characters, then `...`; characters
 * outside `!`..`~`, `%` and `:` become `?` so log fields stay parseable. An
 * address field keeps its colons (IPv6).
 */
export function safe(s: string, keepColons = false): string {
  let out = "";
  for (const ch of s.slice(0, 100)) {
    const c = ch.charCodeAt(0);
    const bad = c < 33 || c > 126 || ch === "%" || (ch === ":" && !keepColons);
    out += bad ? "?" : ch;
  }
  return s.length > 100 ? out + "..." : out;
}

/** `tcpserver: pid N from IP`. */
export function pidLine(id: number, remoteIp: string): string {
  return `tcpserver: pid ${id} from ${safe(remoteIp, true)}`;
}

/** `tcpserver: ok N local:ip:port remote:ip:info:port` (or `deny`). */
export function okLine(id: number, c: ConnectionInfo, deny: boolean): string {
  const local = `${safe(c.localHost ?? "")}:${safe(c.localIp, true)}:${c.localPort}`;
  const remote = `${safe(c.remoteHost ?? "")}:${safe(c.remoteIp, true)}:${
    safe(c.remoteInfo ?? "")
  }:${c.remotePort}`;
  return `tcpserver: ${deny ? "deny" : "ok"} ${id} ${local} ${remote}`;
}

/** `tcpserver: end N status S`, S a wait status (exit code × 256, or the signal number). */
export function endLine(id: number, waitStatus: number): string {
  return `tcpserver: end ${id} status ${waitStatus}`;
}

/** `tcpserver: status: N/LIMIT`. */
export function statusLine(active: number, limit: number): string {
  return `tcpserver: status: ${active}/${limit}`;
}

/** Signal numbers (Linux) for wait statuses of programs killed by a signal. */
const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/**
 * A wait status as tcpserver prints it: the exit code shifted left 8 bits, or
 * the number of the signal that killed the program.
 *
 * @example
 * ```ts
 * waitStatus({ code: 1, signal: null }); // 256
 * ```
 */
export function waitStatus(s: { code: number; signal: string | null }): number {
  if (s.signal) return SIGNALS[s.signal] ?? 128;
  return (s.code & 0xff) << 8;
}
