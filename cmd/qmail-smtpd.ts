/**
 * qmail-smtpd(8): receive mail via SMTP on stdin/stdout, as under tcpserver,
 * inetd or a systemd socket. The connection's details come from the
 * environment (tcp-environ(5)); the work is done by lib/smtp.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import type { SmtpEnv } from "../lib/smtp/environ.ts";
import { runSmtpd } from "../lib/smtp/smtpd.ts";
import { SMTPD_ENV } from "./registry.ts";

/** Runs one SMTP session on stdin/stdout; returns 0 after QUIT, 1 otherwise. */
export async function main(_args: string[]): Promise<number> {
  const env: Record<string, string | undefined> = {};
  for (const name of SMTPD_ENV) env[name] = Deno.env.get(name);
  return await runSmtpd(Deno.stdin, Deno.stdout, { home: qmailHome(), env: env as SmtpEnv });
}
