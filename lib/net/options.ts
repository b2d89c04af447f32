/**
 * tcpserver's command line (tcpserver(1), ucspi-tcp 0.88):
 * `tcpserver [ -1UXpPhHrRoOdDqQv ] [ -c limit ] [ -x rules.cdb ] [ -B banner ]
 * [ -g gid ] [ -u uid ] [ -b backlog ] [ -l localname ] [ -t timeout ] host
 * port program [ arg ... ]`. Numbers are read as scan_ulong does.
 *
 * @module
 */

import { getopt, GetoptError, scanUlong } from "./getopt.ts";

/** tcpserver's usage line (exit 100). */
export const TCPSERVER_USAGE = "tcpserver [ -1UXpPhHrRoOdDqQv ] [ -c limit ] [ -x rules.cdb ] " +
  "[ -B banner ] [ -g gid ] [ -u uid ] [ -b backlog ] [ -l localname ] [ -t timeout ] " +
  "host port program";

/** A command line tcpserver rejects. */
export class TcpServerUsageError extends Error {
  constructor(cause?: unknown) {
    super(`usage: ${TCPSERVER_USAGE}`, cause === undefined ? undefined : { cause });
    this.name = "TcpServerUsageError";
  }
}

/** The parsed command line. */
export interface TcpServerArgs {
  /** 0 with -q, 1 (default, -Q) errors, 2 with -v errors and status lines. */
  verbosity: 0 | 1 | 2;
  /** -c: simultaneous connections (default 40). */
  limit: number;
  /** -x: the rules database. */
  rules?: string;
  /** -X: allow connections when the rules database does not exist. */
  allowMissingRules: boolean;
  /** -B: written to each client at once. */
  banner: string;
  /** -u / -g (0: unchanged); -U takes them from $UID and $GID. */
  uid: number;
  gid: number;
  idsFromEnv: boolean;
  /** -1: print the local port on stdout once listening. */
  printPort: boolean;
  /** -b: the listen queue's length (each loop's). */
  backlog: number;
  /** -l: TCPLOCALHOST without a DNS lookup. */
  localName?: string;
  /** -h (default) / -H: look up TCPREMOTEHOST. */
  remoteHost: boolean;
  /** -p: keep TCPREMOTEHOST only if it maps back to the address. */
  paranoid: boolean;
  /** -r (default) / -R: TCPREMOTEINFO (ident) is never looked up here; kept for the log. */
  remoteInfo: boolean;
  /** -D: TCP_NODELAY; -d (default) leaves Nagle's algorithm on. */
  noDelay: boolean;
  /** -t: ident timeout, accepted for compatibility. */
  identTimeout: number;
  host: string;
  port: string;
  /** The program and its arguments. */
  argv: string[];
}

/** What each option letter does (-o/-O, IP options, have no meaning here). */
const SETTERS: Record<string, (a: TcpServerArgs, value: string) => void> = {
  b: (a, v) => a.backlog = scanUlong(v),
  c: (a, v) => a.limit = scanUlong(v),
  X: (a) => a.allowMissingRules = true,
  x: (a, v) => a.rules = v,
  B: (a, v) => a.banner = v,
  d: (a) => a.noDelay = false,
  D: (a) => a.noDelay = true,
  v: (a) => a.verbosity = 2,
  q: (a) => a.verbosity = 0,
  Q: (a) => a.verbosity = 1,
  p: (a) => a.paranoid = true,
  P: (a) => a.paranoid = false,
  h: (a) => a.remoteHost = true,
  H: (a) => a.remoteHost = false,
  r: (a) => a.remoteInfo = true,
  R: (a) => a.remoteInfo = false,
  t: (a, v) => a.identTimeout = scanUlong(v),
  U: (a) => a.idsFromEnv = true,
  u: (a, v) => a.uid = scanUlong(v),
  g: (a, v) => a.gid = scanUlong(v),
  "1": (a) => a.printPort = true,
  l: (a, v) => a.localName = v,
};

/**
 * Parses tcpserver's arguments. Throws TcpServerUsageError.
 *
 * @example
 * ```ts
 * parseTcpServerArgs(["-vRH", "-c", "20", "0", "smtp", "qmail-smtpd"]).limit; // 20
 * ```
 */
export function parseTcpServerArgs(args: string[]): TcpServerArgs {
  let parsed;
  try {
    parsed = getopt(args, "dDvqQhHrR1UXx:t:u:g:l:b:B:c:pPoO");
  } catch (e) {
    if (e instanceof GetoptError) throw new TcpServerUsageError(e);
    throw e;
  }
  const a: TcpServerArgs = {
    verbosity: 1,
    limit: 40,
    allowMissingRules: false,
    banner: "",
    uid: 0,
    gid: 0,
    idsFromEnv: false,
    printPort: false,
    backlog: 20,
    remoteHost: true,
    paranoid: false,
    remoteInfo: true,
    noDelay: false,
    identTimeout: 26,
    host: "",
    port: "",
    argv: [],
  };
  for (const { letter, value = "" } of parsed.options) SETTERS[letter]?.(a, value);
  const [host, port, ...argv] = parsed.rest;
  if (host === undefined || port === undefined || argv.length === 0) {
    throw new TcpServerUsageError();
  }
  return { ...a, host, port, argv };
}

/** The address to bind: `0` or empty means every IPv4 address, as in tcpserver. */
export function listenHost(host: string): string {
  return host === "" || host === "0" ? "0.0.0.0" : host;
}

/** Well-known ports, for systems without /etc/services. */
const KNOWN_PORTS: Record<string, number> = {
  smtp: 25,
  pop3: 110,
  qmtp: 209,
  submission: 587,
  qmqp: 628,
  smtps: 465,
  pop3s: 995,
};

/**
 * The port number for `port`: a number, or a name from /etc/services
 * (`services` is that file's text). Undefined when it names nothing.
 *
 * @example
 * ```ts
 * portNumber("smtp", "smtp 25/tcp mail\n"); // 25
 * ```
 */
export function portNumber(port: string, services?: string): number | undefined {
  if (/^\d+$/.test(port)) return Number(port) & 0xffff;
  for (const raw of (services ?? "").split("\n")) {
    const fields = raw.replace(/#.*/, "").trim().split(/\s+/);
    const m = /^(\d+)\/tcp$/.exec(fields[1] ?? "");
    if (m && (fields[0] === port || fields.slice(2).includes(port))) return Number(m[1]);
  }
  return KNOWN_PORTS[port];
}
