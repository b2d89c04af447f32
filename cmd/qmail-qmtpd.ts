/**
 * qmail-qmtpd(8): receive mail via QMTP on stdin/stdout, as under tcpserver or
 * inetd. The connection's details come from the environment
 * (tcp-environ(5)); the work is done by lib/qmtp.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { runQmtpd } from "../lib/qmtp/qmtpd.ts";
import { QMTPD_ENV } from "./registry.ts";

/** Runs one QMTP session on stdin/stdout; returns qmail-qmtpd's exit code. */
export async function main(_args: string[]): Promise<number> {
  const env: Record<string, string | undefined> = {};
  for (const name of QMTPD_ENV) env[name] = Deno.env.get(name);
  return await runQmtpd(Deno.stdin, Deno.stdout, { home: qmailHome(), env });
}
