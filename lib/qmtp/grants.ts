/**
 * What qmail-qmqpc may reach: the QMQP port of each server in
 * control/qmqpservers, read when the program starts (it reads the file once,
 * as qmail-qmqpc does). Kept apart from the client's code: the dispatcher
 * loads it for every program's grants.
 *
 * @module
 */

import type { GrantContext, Grants } from "../sandbox/grants.ts";

/** QMQP's port (qmail-qmqpc.c's PORT_QMQP). */
export const QMQP_PORT = 628;

/** The lines of control/qmqpservers that are IPv4 addresses, as qmail's ip_scan takes them. */
export function qmqpServers(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) =>
    /^\d{1,3}(\.\d{1,3}){3}$/.test(l) && l.split(".").every((n) => Number(n) <= 255)
  );
}

/** qmail-qmqpc's grants: control/ and the tree, port 628 of each listed server, nothing else. */
export function qmqpcGrants(ctx: GrantContext): Grants {
  let servers: string[] = [];
  try {
    servers = qmqpServers(Deno.readTextFileSync(`${ctx.home}/control/qmqpservers`));
  } catch {
    // no servers: it exits 55 without connecting
  }
  return {
    read: [`${ctx.home}/control`, ctx.home],
    net: servers.length > 0 ? servers.map((ip) => `${ip}:${QMQP_PORT}`) : false,
  };
}
