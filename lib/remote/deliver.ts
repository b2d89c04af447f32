/**
 * One remote delivery, as qmail-remote's main() does it: smtproutes, CNAME
 * canonicalisation of recipient domains, MX/A lookup, refusal to send to
 * ourselves, dead-host skipping, connect with timeoutconnect trying each
 * address in turn, then the SMTP dialogue. Everything outside is injected
 * ({@linkcode RemoteContext}); the result is qmail-remote's report.
 *
 * @module
 */

import type { SmtpRoutes } from "../control/smtproutes.ts";
import { DnsError } from "../dns/errors.ts";
import type { DnsLookup } from "../dns/resolver.ts";
import { quote } from "../inject/quote.ts";
import { canonicalName } from "./cname.ts";
import { ConnectFailed, ConnectionDied, type Connector, connectSmtp } from "./connection.ts";
import { encodeData, has8bit } from "./data.ts";
import { hostAddresses, type MxAddress, mxAddresses } from "./mx.ts";
import type { SessionPool } from "./pool.ts";
import { droppedText, messageOnly, permDnsText, type RemoteReport, TEXT } from "./report.ts";
import { openSession, quit, type Session, SessionRefused } from "./session.ts";
import { transact } from "./transaction.ts";
import type { TcptoStore } from "./tcpto.ts";

/** What a delivery depends on. */
export interface RemoteContext {
  dns: DnsLookup;
  connector: Connector;
  tcpto: TcptoStore;
  /** Whether an address is this host's (qmail's ipme). */
  isMe(address: string): boolean;
  helohost: string;
  /** Seconds (control/timeoutconnect). */
  timeoutConnect: number;
  /** Seconds (control/timeoutremote). */
  timeoutRemote: number;
  routes: SmtpRoutes;
  /** The port used wherever qmail would use 25 (tests run servers elsewhere). */
  port: number;
  random: () => number;
  ipv6: boolean;
  /** Kept sessions; without one, each delivery QUITs its connection. */
  pool?: SessionPool;
}

/** One message to one or more recipients at `host`. */
export interface RemoteMessage {
  host: string;
  sender: string;
  recipients: string[];
  message: Uint8Array;
}

/** Splits at the last `@` and quotes the local part (qmail's addrmangle). */
function mangle(address: string, domain?: string): string {
  const at = address.lastIndexOf("@");
  if (at < 0) return address;
  return `${quote(address.slice(0, at))}@${domain ?? address.slice(at + 1)}`;
}

/** Recipients with canonical domains, and whether every one was an alias. */
async function canonicalRecipients(
  dns: DnsLookup,
  recipients: string[],
): Promise<{ mangled: string[]; allAliases: boolean }> {
  const seen = new Map<string, Promise<{ name: string; alias: boolean }>>();
  let allAliases = true;
  const mangled: string[] = [];
  for (const r of recipients) {
    const at = r.lastIndexOf("@");
    if (at < 0) {
      mangled.push(r);
      allAliases = false;
      continue;
    }
    const domain = r.slice(at + 1);
    const key = domain.toLowerCase();
    if (!seen.has(key)) seen.set(key, canonicalName(dns, domain));
    const c = await seen.get(key)!;
    if (!c.alias) allAliases = false;
    mangled.push(mangle(r, c.name));
  }
  return { mangled, allAliases };
}

/**
 * The addresses worth trying: those better than our own best preference
 * (qmail's prefme). Undefined when we are the best MX: a loop.
 */
export function usableAddresses(
  addresses: MxAddress[],
  isMe: (a: string) => boolean,
  relay: boolean,
  allAliases: boolean,
): MxAddress[] | undefined {
  let prefme = 100000;
  for (const a of addresses) if (isMe(a.address) && a.preference < prefme) prefme = a.preference;
  if (relay) prefme = 300000;
  if (allAliases) prefme = 500000;
  const usable = addresses.filter((a) => a.preference < prefme);
  return usable.length > 0 ? usable : undefined;
}

/**
 * Delivers a message and returns qmail-remote's report.
 *
 * @example
 * ```ts ignore
 * const report = await remoteDeliver({ host, sender, recipients, message }, ctx);
 * formatReport(report); // "r\0K192.0.2.1 accepted message.\n…\0"
 * ```
 */
export async function remoteDeliver(m: RemoteMessage, ctx: RemoteContext): Promise<RemoteReport> {
  const route = ctx.routes.route(m.host);
  const relay = route.relay;
  const port = route.port === 25 ? ctx.port : route.port;
  const target = relay ?? m.host;

  const data = encodeData(m.message);
  if (!data) return messageOnly("D", TEXT.partialline);

  let recipients: string[];
  let allAliases = false;
  try {
    if (relay) recipients = m.recipients.map((r) => mangle(r));
    else ({ mangled: recipients, allAliases } = await canonicalRecipients(ctx.dns, m.recipients));
  } catch {
    return messageOnly("Z", TEXT.dnscanon);
  }

  let addresses: MxAddress[];
  try {
    const opts = { random: ctx.random, ipv6: ctx.ipv6 };
    if (relay) addresses = await hostAddresses(ctx.dns, relay, 0, opts);
    else {
      const r = await mxAddresses(ctx.dns, m.host, opts);
      if (r.soft && r.addresses.length === 0) return messageOnly("Z", TEXT.tempDns);
      addresses = r.addresses;
    }
  } catch (e) {
    if (e instanceof DnsError && !e.temporary) return messageOnly("D", permDnsText(target));
    return messageOnly("Z", TEXT.tempDns);
  }
  if (addresses.length === 0) return messageOnly("D", TEXT.nomx);
  const usable = usableAddresses(addresses, ctx.isMe, relay !== undefined, allAliases);
  if (!usable) return messageOnly("D", TEXT.ambigmx);

  const envelope = {
    sender: mangle(m.sender),
    recipients,
    data,
    size: m.message.length,
    eightBit: has8bit(m.message),
  };
  for (const a of usable) {
    const key = `${a.address} ${port} ${ctx.helohost}`;
    let session = ctx.pool?.take(key);
    while (session) {
      const result = await transact(session, envelope);
      if (!result.stale) return finish(ctx, key, session, result.reusable, result.report);
      session = ctx.pool?.take(key);
    }
    if (await ctx.tcpto.isDown(a.address)) continue;
    let fresh: Session;
    try {
      const conn = await connectSmtp(
        ctx.connector,
        a.address,
        port,
        ctx.timeoutConnect * 1000,
        ctx.timeoutRemote * 1000,
      );
      await ctx.tcpto.record(a.address, false);
      try {
        fresh = await openSession(conn, ctx.helohost);
      } catch (e) {
        if (e instanceof SessionRefused) {
          await quit({ conn, ext: { eightBitMime: false, pipelining: false }, used: 0 });
          return messageOnly(e.report.code, e.report.text);
        }
        if (e instanceof ConnectionDied) return messageOnly("Z", droppedText(a.address, false));
        throw e;
      }
    } catch (e) {
      if (!(e instanceof ConnectFailed)) throw e;
      await ctx.tcpto.record(a.address, e.timedOut);
      continue;
    }
    const result = await transact(fresh, envelope);
    return finish(ctx, key, fresh, result.reusable, result.report);
  }
  return messageOnly("Z", TEXT.noconn);
}

async function finish(
  ctx: RemoteContext,
  key: string,
  s: Session,
  reusable: boolean,
  report: RemoteReport,
): Promise<RemoteReport> {
  if (reusable && ctx.pool) ctx.pool.give(key, s);
  else if (!s.conn.closed) await quit(s);
  return report;
}
