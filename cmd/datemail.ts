/**
 * datemail: sendmail with a Date line in local time put in front of the
 * message (qmail's datemail, `predate sendmail "$@"`), run in-process.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { localDateLine } from "../lib/sendmail/predate.ts";
import { runSendmail } from "../lib/sendmail/run.ts";
import { SMTPD_ENV } from "./registry.ts";

/** Runs sendmail with `args` on stdin preceded by predate's Date line. */
export async function main(args: string[]): Promise<number> {
  return await runSendmail(args, {
    home: qmailHome(),
    env: (name) => Deno.env.get(name),
    stdin: Deno.stdin,
    stdout: Deno.stdout,
    prefix: new TextEncoder().encode(localDateLine(new Date())),
    smtpdEnvNames: SMTPD_ENV,
  });
}
