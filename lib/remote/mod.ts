/**
 * Remote delivery: qmail-remote's logic (deliver.ts) over the DNS resolver
 * (lib/dns), the SMTP client (connection, session, pool), the dead-host
 * table (tcpto), and the deliverers qmail-send uses: in this process, or
 * through one qmail-rspawn child.
 *
 * @module
 */

import { cachedRemoteContext } from "./context.ts";
import type { RemoteDeliverer } from "./deliverer.ts";
import { inProcessDeliverer } from "./inprocess.ts";
import { localAddresses } from "./ipme.ts";
import { SessionPool } from "./pool.ts";
import { rspawnDeliverer, type RspawnOptions } from "./rspawn_client.ts";
import { loadDnsConfig } from "../dns/config.ts";
import { Resolver } from "../dns/resolver.ts";
import { clearTcpto } from "./tcpto.ts";
import { coalescing } from "./coalesce.ts";

export type { RemoteDeliverer, RemoteDeliveryRequest, RemoteDeliveryResult } from "./deliverer.ts";
export { cachedRemoteContext, loadRemoteContext, REMOTE_ENV } from "./context.ts";
export { type RemoteContext, remoteDeliver, type RemoteMessage } from "./deliver.ts";
export { formatReport, recipientResults, type RemoteReport } from "./report.ts";
export { SessionPool } from "./pool.ts";
export { clearTcpto, fileTcpto, printTcpto, type TcptoStore } from "./tcpto.ts";
export { inProcessDeliverer } from "./inprocess.ts";
export { coalescing } from "./coalesce.ts";
export { rspawnDeliverer, type RspawnOptions } from "./rspawn_client.ts";

/** Options of {@linkcode openRemoteDeliverer}. */
export interface OpenRemoteOptions extends RspawnOptions {
  /**
   * "spawn" (default): one qmail-rspawn child does the deliveries (as qmailr
   * when `uid`/`gid` are given); qmail-send needs `run` permission for it.
   * "inprocess": deliver in the caller's process (needs net, read of
   * control/ and queue/mess/, write of queue/lock/tcpto).
   */
  mode?: "spawn" | "inprocess";
}

/**
 * An in-process deliverer for `home` with a shared resolver cache and
 * session pool, its controls re-read at most once a second.
 */
export function openInProcessDeliverer(
  home: string,
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): RemoteDeliverer {
  const pool = new SessionPool();
  const dns = new Resolver(loadDnsConfig(env), { cache: true });
  const me = localAddresses();
  return inProcessDeliverer(
    cachedRemoteContext(home, { env, pool, dns, me }),
    () => pool.close(),
  );
}

/**
 * The deliverer qmail-send uses for its remote channel. Deliveries of one
 * message to the same host started together share one SMTP transaction
 * (coalesce.ts).
 *
 * @example
 * ```ts ignore
 * const remote = await openRemoteDeliverer(home, { uid, gid }); // system mode: as qmailr
 * const { recipients } = await remote.deliver({ delivery: 1, id, messagePath, sender, host, recipients: ["a@example.org"] });
 * await remote.close();
 * ```
 */
export function openRemoteDeliverer(
  home: string,
  opts: OpenRemoteOptions = {},
): Promise<RemoteDeliverer> {
  if (opts.mode === "inprocess") {
    // qmail-rspawn clears the dead-host table when it starts (tcpto_clean).
    return clearTcpto(home).catch(() => {}).then(() => coalescing(openInProcessDeliverer(home)));
  }
  return Promise.resolve(coalescing(rspawnDeliverer(opts)));
}
