/**
 * qmail-qmqpd(8): receive mail via QMQP on stdin/stdout, as under tcpserver or
 * inetd. The connection's details come from the environment
 * (tcp-environ(5)); the work is done by lib/qmtp.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { runQmqpd } from "../lib/qmtp/qmqpd.ts";
import { QMQPD_ENV } from "./registry.ts";

/** Runs one QMQP session on stdin/stdout; returns qmail-qmqpd's exit code. */
export async function main(_args: string[]): Promise<number> {
  const env: Record<string, string | undefined> = {};
  for (const name of QMQPD_ENV) env[name] = Deno.env.get(name);
  return await runQmqpd(Deno.stdin, Deno.stdout, { home: qmailHome(), env });
}
