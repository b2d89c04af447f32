/**
 * tcpserver(1), built in: accept TCP connections and run a program for each
 * with tcp-environ(5) set — in-process for denoqmail's own servers
 * (qmail-smtpd, rblsmtpd …), a process per connection for anything else.
 * SIGTERM stops accepting; connections still open after a grace period are
 * closed and tcpserver exits 0.
 *
 * @module
 */

import { die, ExitError } from "../lib/cli/exit.ts";
import { scanUlong } from "../lib/net/getopt.ts";
import { netAddress } from "../lib/net/grants.ts";
import { dnsHostLookup, type HostLookup } from "../lib/net/hosts.ts";
import { switchIds } from "../lib/net/ids.ts";
import { type ChainStep, commandChain, inheritedEnv } from "../lib/net/inprocess.ts";
import { loadServer } from "../lib/net/loaders.ts";
import {
  listenHost,
  parseTcpServerArgs,
  portNumber,
  type TcpServerArgs,
  TcpServerUsageError,
} from "../lib/net/options.ts";
import { loopCount, LoopShare } from "../lib/net/loops.ts";
import { TcpServer, type TcpServerConfig, writeStderr } from "../lib/net/server.ts";
import { setPidSeqLane } from "../lib/queue/enqueue.ts";
import { askHost, tellHost } from "../lib/sandbox/host.ts";
import type { LoopMessage } from "../lib/sandbox/messages.ts";
import { qmailHome } from "../lib/paths.ts";

/** How long connections may go on after SIGTERM before they are closed. */
export const TERM_GRACE_MS = 10_000;

/** How long the further loops may take to bind and load their servers. */
const LOOP_START_MS = 30_000;

/** Runs tcpserver until SIGTERM: the first (or only) loop. */
export async function main(args: string[]): Promise<number> {
  const a = parseArgs(args);
  const log = a.verbosity > 0 ? writeStderr : () => {};
  const port = portNumber(a.port, /^\d+$/.test(a.port) ? undefined : readServices());
  if (port === undefined) fatal(`unable to figure out port number for ${a.port}`);
  const chain = commandChain(a.argv);
  const lanes = chain.every((s) => s.kind === "inprocess")
    ? loopCount(Deno.env.get("TCPSERVER_LOOPS"), navigator.hardwareConcurrency)
    : 1;
  const listener = bind(a, port, lanes > 1 ? "first" : "alone");
  const hosts = await prepare(a, chain);
  const bound = (listener.addr as Deno.NetAddr).port;
  const share = lanes > 1 ? await startLoops(a, lanes, port, bound, listener) : undefined;
  try {
    const [uid, gid] = a.idsFromEnv ? [envNumber("UID", a.uid), envNumber("GID", a.gid)] : [
      a.uid,
      a.gid,
    ];
    const warning = await switchIds(uid, gid);
    if (warning) log(`tcpserver: warning: ${warning}`);
  } catch (e) {
    listener.close();
    fatal(message(e));
  }
  if (a.printPort) await Deno.stdout.write(new TextEncoder().encode(`${bound}\n`));
  share?.go();
  const server = new TcpServer(listener, serverConfig(a, hosts, share));
  const onTerm = () => {
    share?.stop();
    void server.stop(TERM_GRACE_MS);
  };
  Deno.addSignalListener("SIGTERM", onTerm);
  try {
    await server.serve();
    await share?.waitEnded(lanes - 1);
  } finally {
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
  return 0;
}

/**
 * Has the dispatcher start loops 2 … `lanes` and waits until they have bound
 * `bound`; undefined outside the sandbox (tests embedding tcpserver), which
 * runs this one loop alone.
 */
async function startLoops(
  a: TcpServerArgs,
  lanes: number,
  port: number,
  bound: number,
  listener: Deno.Listener,
): Promise<LoopShare | undefined> {
  const share = new LoopShare(a.limit);
  const listen = netAddress(listenHost(a.host), port);
  const asked = tellHost({
    kind: "start-loops",
    count: lanes - 1,
    port: bound,
    listen,
    share: share.buffer,
  });
  if (!asked) return undefined;
  setPidSeqLane(0, lanes);
  if (await share.waitReady(lanes - 1, LOOP_START_MS)) return share;
  listener.close();
  fatal("unable to start the other event loops");
}

/**
 * A further event loop (lib/net/loops.ts), started by the dispatcher when
 * the first asks: binds the same address, then serves once the first says go,
 * until it says stop.
 */
export async function loopMain(args: string[]): Promise<number> {
  const joined = await askHost({ kind: "want-loop" }) as LoopMessage | undefined;
  if (joined?.kind !== "loop") fatal("a further loop runs only under the dispatcher");
  const a = parseArgs(args);
  const share = new LoopShare(a.limit, joined.share);
  setPidSeqLane(joined.lane, joined.lanes);
  let listener: Deno.Listener;
  let hosts: HostLookup | undefined;
  try {
    listener = bind(a, joined.port, "further");
    hosts = await prepare(a, commandChain(a.argv));
  } catch (e) {
    share.failed();
    throw e;
  }
  share.ready();
  await share.waitGo();
  const server = new TcpServer(listener, { ...serverConfig(a, hosts, share), furtherLoop: true });
  void share.waitStop().then(() => server.stop(TERM_GRACE_MS));
  await server.serve();
  share.ended();
  return 0;
}

function parseArgs(args: string[]): TcpServerArgs {
  try {
    return parseTcpServerArgs(args);
  } catch (e) {
    if (e instanceof TcpServerUsageError) throw new ExitError(100, `tcpserver: ${e.message}`);
    throw e;
  }
}

/**
 * The listener: `alone` for a single loop; with several, the `first` and
 * each `further` one bind with SO_REUSEPORT. The first binds plainly for a
 * moment before, so that when another server holds the port tcpserver fails
 * as ucspi-tcp's does instead of quietly sharing it (port 0 cannot clash).
 */
function bind(a: TcpServerArgs, port: number, as: "alone" | "first" | "further"): Deno.Listener {
  const hostname = listenHost(a.host);
  try {
    if (as === "first" && port !== 0) Deno.listen({ hostname, port, transport: "tcp" }).close();
    const reusePort = as !== "alone";
    return Deno.listen({ hostname, port, transport: "tcp", reusePort, tcpBacklog: a.backlog });
  } catch (e) {
    fatal(`unable to bind: ${message(e)}`);
  }
}

/**
 * Loads the in-process servers while still able to read everything (after
 * -u a `deno run` may no longer read its module cache), and host lookups.
 */
async function prepare(a: TcpServerArgs, chain: ChainStep[]): Promise<HostLookup | undefined> {
  for (const step of chain) {
    if (step.kind === "inprocess") await loadServer(step.name);
  }
  const hosts = a.remoteHost || a.paranoid || a.localName === undefined
    ? dnsHostLookup()
    : undefined;
  await hosts?.prepare?.();
  return hosts;
}

function serverConfig(
  a: TcpServerArgs,
  hosts: HostLookup | undefined,
  share: LoopShare | undefined,
): TcpServerConfig {
  return {
    argv: a.argv,
    limit: a.limit,
    verbosity: a.verbosity,
    rules: a.rules,
    allowMissingRules: a.allowMissingRules,
    banner: a.banner,
    localName: a.localName,
    remoteHost: a.remoteHost,
    paranoid: a.paranoid,
    noDelay: a.noDelay,
    home: qmailHome(),
    baseEnv: inheritedEnv(),
    hosts,
    log: writeStderr,
    slots: share,
    nextId: share && (() => share.nextId()),
  };
}

function fatal(why: string): never {
  die(111, "tcpserver", `fatal: ${why}`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** -U: $UID / $GID when set, else the value given. */
function envNumber(name: string, fallback: number): number {
  const x = Deno.env.get(name);
  return x === undefined ? fallback : scanUlong(x);
}

function readServices(): string | undefined {
  try {
    return Deno.readTextFileSync("/etc/services");
  } catch {
    return undefined;
  }
}
