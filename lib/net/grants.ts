/**
 * The Deno permissions of tcpserver and rblsmtpd, computed from their
 * command lines: the listening address, the name servers when names are
 * looked up, the rules database, and — for the program they run — that
 * program's own grants when it runs in-process (qmail-smtpd reads control/
 * and writes queue/ and maildrop/), or `run` of just that program when it is
 * spawned. Kept apart from the programs so the dispatcher can compute grants
 * without loading them.
 *
 * @module
 */

import { loadDnsConfig } from "../dns/config.ts";
import type { Grant, GrantContext, Grants } from "../sandbox/grants.ts";
import { BASE_ENV } from "../sandbox/grants.ts";
import { parseRblArgs } from "../rbl/options.ts";
import { Cdb } from "../cdb/reader.ts";
import { valuesSet } from "../tcprules/lookup.ts";
import { commandChain } from "./inprocess.ts";
import { listenHost, parseTcpServerArgs, portNumber } from "./options.ts";

/** The grants of a program of the table, given its arguments (cmd/registry.ts). */
export type ProgramGrants = (name: string, ctx: GrantContext) => Grants | undefined;

const CATEGORIES = ["read", "write", "net", "run", "env", "sys"] as const;

function mergeGrant(a: Grant | undefined, b: Grant | undefined): Grant | undefined {
  if (a === true || b === true) return true;
  const list = [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])];
  return list.length > 0 ? [...new Set(list)] : (a ?? b);
}

/** The union of several programs' grants. */
export function mergeGrants(...all: Grants[]): Grants {
  const out: Grants = {};
  for (const g of all) {
    for (const c of CATEGORIES) {
      const merged = mergeGrant(out[c], g[c]);
      if (merged !== undefined) out[c] = merged;
    }
  }
  return out;
}

/** `host:port` as Deno's net permission writes it (IPv6 in brackets). */
export function netAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** What the resolver (lib/dns) needs: its servers, a local port, its configuration. */
export function dnsGrants(ctx: GrantContext): Grants {
  const config = loadDnsConfig((n) => ctx.env(n), readOptional);
  // node:dgram binds its query socket to an ephemeral port on the any-address.
  const v6 = config.servers.some((s) => s.address.includes(":"));
  const v4 = config.servers.some((s) => !s.address.includes(":"));
  return {
    net: [
      ...config.servers.map((s) => netAddress(s.address, s.port)),
      ...(v4 ? ["0.0.0.0:0"] : []),
      ...(v6 ? ["[::]:0"] : []),
    ],
    read: ["/etc/resolv.conf"],
    env: ["DNSCACHEIP"],
  };
}

/** The grants to run `argv` on a connection: in-process steps' own grants, `run` of the rest. */
export function chainGrants(
  argv: string[],
  ctx: GrantContext,
  programGrants: ProgramGrants,
): Grants {
  const parts: Grants[] = [];
  for (const step of commandChain(argv)) {
    if (step.kind === "spawn") parts.push({ run: [step.argv[0]] });
    else parts.push(programGrants(step.name, { ...ctx, args: step.args }) ?? {});
  }
  return mergeGrants(...parts);
}

/** tcpserver's grants for its command line (none beyond the base when it is bad). */
export function tcpserverGrants(ctx: GrantContext, programGrants: ProgramGrants): Grants {
  let a;
  try {
    a = parseTcpServerArgs(ctx.args);
  } catch {
    return {};
  }
  const numeric = /^\d+$/.test(a.port);
  const port = portNumber(a.port, numeric ? undefined : readOptional("/etc/services"));
  const own: Grants = {
    net: port === undefined ? [] : [netAddress(listenHost(a.host), port)],
    read: [
      ...(a.rules ? [absolute(ctx.cwd, a.rules)] : []),
      ...(numeric ? [] : ["/etc/services"]),
    ],
    env: [...BASE_ENV, "TCPSERVER_LOOPS", ...(a.idsFromEnv ? ["UID", "GID"] : [])],
  };
  // Host names are looked up unless -l names this host and -H skips the client's.
  const lookups = a.remoteHost || a.paranoid || a.localName === undefined;
  return mergeGrants(
    own,
    lookups ? dnsGrants(ctx) : {},
    chainGrants(a.argv, ctx, programGrants),
    ...rulesQmailQueues(ctx, a.rules).map((qq) =>
      chainGrants(
        a.argv,
        { ...ctx, env: (n) => n === "QMAILQUEUE" ? qq : ctx.env(n) },
        programGrants,
      )
    ),
  );
}

/**
 * The QMAILQUEUE programs the rules database sets for some clients: the
 * in-process qmail-smtpd must be allowed to run them, as it would be with
 * QMAILQUEUE in tcpserver's own environment. A program a rebuilt database
 * names later needs a restart of tcpserver (until then: 451, qq temporary
 * problem).
 */
function rulesQmailQueues(ctx: GrantContext, rules: string | undefined): string[] {
  if (!rules) return [];
  try {
    using db = Cdb.openSync(absolute(ctx.cwd, rules));
    return valuesSet(db, "QMAILQUEUE").filter((v) => v !== "");
  } catch {
    return []; // no database yet: tcpserver itself reports it
  }
}

/** rblsmtpd's grants: DNS when it has sources, its variables, and its program's. */
export function rblsmtpdGrants(ctx: GrantContext, programGrants: ProgramGrants): Grants {
  let opts;
  try {
    opts = parseRblArgs(ctx.args);
  } catch {
    return {};
  }
  return mergeGrants(
    { env: [...BASE_ENV, "TCPREMOTEIP", "RBLSMTPD"] },
    opts.sources.length > 0 ? dnsGrants(ctx) : {},
    chainGrants(opts.program, ctx, programGrants),
  );
}

function absolute(cwd: string, path: string): string {
  return path.startsWith("/") ? path : `${cwd}/${path}`;
}

function readOptional(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}
