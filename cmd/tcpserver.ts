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
import { dnsHostLookup } from "../lib/net/hosts.ts";
import { switchIds } from "../lib/net/ids.ts";
import { commandChain, inheritedEnv } from "../lib/net/inprocess.ts";
import { loadServer } from "../lib/net/loaders.ts";
import {
  listenHost,
  parseTcpServerArgs,
  portNumber,
  type TcpServerArgs,
  TcpServerUsageError,
} from "../lib/net/options.ts";
import { TcpServer, writeStderr } from "../lib/net/server.ts";
import { qmailHome } from "../lib/paths.ts";

/** How long connections may go on after SIGTERM before they are closed. */
export const TERM_GRACE_MS = 10_000;

/** Runs tcpserver until SIGTERM. */
export async function main(args: string[]): Promise<number> {
  let a: TcpServerArgs;
  try {
    a = parseTcpServerArgs(args);
  } catch (e) {
    if (e instanceof TcpServerUsageError) throw new ExitError(100, `tcpserver: ${e.message}`);
    throw e;
  }
  const log = a.verbosity > 0 ? writeStderr : () => {};
  const port = portNumber(a.port, /^\d+$/.test(a.port) ? undefined : readServices());
  if (port === undefined) fatal(`unable to figure out port number for ${a.port}`);
  let listener: Deno.Listener;
  try {
    listener = Deno.listen({ hostname: listenHost(a.host), port, transport: "tcp" });
  } catch (e) {
    fatal(`unable to bind: ${message(e)}`);
  }
  // Load the in-process servers while still able to read everything (after -u
  // a `deno run` may no longer read its module cache).
  for (const step of commandChain(a.argv)) {
    if (step.kind === "inprocess") await loadServer(step.name);
  }
  const hosts = a.remoteHost || a.paranoid || a.localName === undefined
    ? dnsHostLookup()
    : undefined;
  await hosts?.prepare?.();
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
  if (a.printPort) {
    const bound = (listener.addr as Deno.NetAddr).port;
    await Deno.stdout.write(new TextEncoder().encode(`${bound}\n`));
  }
  const server = new TcpServer(listener, {
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
  });
  const onTerm = () => void server.stop(TERM_GRACE_MS);
  Deno.addSignalListener("SIGTERM", onTerm);
  try {
    await server.serve();
  } finally {
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
  return 0;
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
