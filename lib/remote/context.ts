/**
 * qmail-remote's settings from a QMAILHOME (getcontrols: helohost,
 * timeoutconnect, timeoutremote, smtproutes) and the environment
 * (`DNSCACHEIP`; `QMAILREMOTE_PORT`, used by tests, replaces port 25), made
 * into a {@linkcode RemoteContext} with the real network.
 *
 * @module
 */

import { Control } from "../control/control.ts";
import { loadDnsConfig } from "../dns/config.ts";
import { type DnsLookup, Resolver } from "../dns/resolver.ts";
import { tcpConnector } from "./connection.ts";
import type { RemoteContext } from "./deliver.ts";
import { localAddresses } from "./ipme.ts";
import type { SessionPool } from "./pool.ts";
import { fileTcpto } from "./tcpto.ts";

/** Options of {@linkcode loadRemoteContext}. */
export interface RemoteContextOptions {
  env?: (name: string) => string | undefined;
  pool?: SessionPool;
  /** Cache DNS answers for their TTL (a long-running deliverer; qmail-remote itself does not). */
  cacheDns?: boolean;
  /** Use AAAA records too (default true). */
  ipv6?: boolean;
  /** A resolver to share between deliveries (its cache lives on). */
  dns?: DnsLookup;
  /** This host's addresses, computed once. */
  me?: Set<string>;
}

/** Missing helohost and me: qmail-remote's "Unable to read control files". */
export class ControlUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ControlUnreadable";
  }
}

/** The environment variables remote delivery reads. */
export const REMOTE_ENV = ["DNSCACHEIP", "QMAILREMOTE_PORT"];

/** Reads the controls of `home`; throws {@linkcode ControlUnreadable}. */
export function loadRemoteContext(home: string, opts: RemoteContextOptions = {}): RemoteContext {
  const env = opts.env ?? ((n: string) => Deno.env.get(n));
  let control: Control;
  let helohost: string | undefined;
  try {
    control = new Control(home);
    helohost = control.get("helohost");
  } catch (e) {
    throw new ControlUnreadable(String(e));
  }
  if (helohost === undefined) {
    throw new ControlUnreadable("neither control/helohost nor control/me exists");
  }
  const me = opts.me ?? localAddresses();
  const port = Number(env("QMAILREMOTE_PORT") ?? "") || 25;
  return {
    dns: opts.dns ?? new Resolver(loadDnsConfig(env), { cache: opts.cacheDns }),
    connector: tcpConnector,
    tcpto: fileTcpto(home),
    isMe: (a) => me.has(a),
    helohost,
    timeoutConnect: control.get("timeoutconnect"),
    timeoutRemote: control.get("timeoutremote"),
    routes: control.get("smtproutes"),
    port,
    random: Math.random,
    ipv6: opts.ipv6 ?? true,
    pool: opts.pool,
  };
}

/**
 * The controls of a long-lived deliverer (qmail-rspawn, or qmail-send
 * delivering in-process). qmail-remote reads its control files once per
 * run, i.e. once per delivery; reading and parsing them (and stat-ing the
 * absent ones) for every delivery cost more than the SMTP transaction, so
 * the loaded context is kept and loaded afresh when it is more than
 * `maxAgeMs` (one second) old. A changed control file therefore takes
 * effect within a second, as a qmail-remote started a second later would
 * see it. A failure to load is not kept: the next delivery tries again.
 *
 * @example
 * ```ts ignore
 * const context = cachedRemoteContext(home, { pool, dns, me });
 * const ctx = context(); // the same object for a second
 * ```
 */
export function cachedRemoteContext(
  home: string,
  opts: RemoteContextOptions = {},
  maxAgeMs = 1000,
  now: () => number = () => performance.now(),
): () => RemoteContext {
  let kept: RemoteContext | undefined;
  let loadedAt = 0;
  return () => {
    const t = now();
    if (kept === undefined || t - loadedAt >= maxAgeMs) {
      kept = undefined;
      kept = loadRemoteContext(home, opts);
      loadedAt = t;
    }
    return kept;
  };
}
