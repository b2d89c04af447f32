/**
 * tcp-env(1): the tcp-environ(5) variables for the connection on
 * descriptor 0, for a program run from inetd or a systemd socket
 * (`Accept=yes`) rather than from tcpserver. When PROTO is already TCP (a
 * server that sets the variables ran it), nothing is looked up.
 *
 * Departures from qmail's tcp-env: IPv6 connections work (their addresses as
 * tcpserver writes them); no ident lookup is made for `-r` (as with
 * tcpserver, Deno's net permission cannot grant port 113 of every host), so
 * TCPREMOTEINFO is removed; a name that cannot be looked up, for whatever
 * reason, leaves its variable unset (qmail sets "softdnserror" when DNS is
 * down).
 *
 * @module
 */

import { getopt, GetoptError } from "./getopt.ts";
import type { TcpEnds } from "./procnet.ts";
import type { HostLookup } from "./hosts.ts";

/** The usage line, printed with exit 100 when no program is given. */
export const TCP_ENV_USAGE = "tcp-env: usage: tcp-env [ -rR ] [ -ttimeout ] program [ arg ... ]";

/**
 * The program's command line after tcp-env's options (`-r`, `-R`, `-t N`
 * or `-tN`, which only concern ident), or undefined for a usage error.
 */
export function tcpEnvProgram(args: string[]): string[] | undefined {
  try {
    const { rest } = getopt(args, "rRt:");
    return rest.length > 0 ? rest : undefined;
  } catch (e) {
    if (e instanceof GetoptError) return undefined;
    throw e;
  }
}

/**
 * The environment for the program: `env` with tcp-environ(5)'s variables
 * for `ends` (names through `lookup`), unless PROTO is TCP already.
 */
export async function tcpEnvironment(
  env: Record<string, string>,
  ends: () => Promise<TcpEnds>,
  lookup: HostLookup,
): Promise<Record<string, string>> {
  if (env.PROTO === "TCP") return env;
  const { local, remote } = await ends();
  const [localHost, remoteHost] = await Promise.all([
    lookup.name(local.ip),
    lookup.name(remote.ip),
  ]);
  const out: Record<string, string> = {
    ...env,
    PROTO: "TCP",
    TCPLOCALIP: local.ip,
    TCPLOCALPORT: String(local.port),
    TCPREMOTEIP: remote.ip,
    TCPREMOTEPORT: String(remote.port),
  };
  delete out.TCPREMOTEINFO;
  for (const [name, value] of [["TCPLOCALHOST", localHost], ["TCPREMOTEHOST", remoteHost]]) {
    if (value === undefined) delete out[name!];
    else out[name!] = value.toLowerCase();
  }
  return out;
}
