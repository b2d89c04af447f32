/**
 * sendmail: the sendmail interface to qmail (qmail's sendmail, SENDMAIL.md).
 * Mail goes through qmail-inject, `-bp` lists the queue like qmail-qread,
 * `-bs` runs a qmail-smtpd session on stdin/stdout; all in-process. The
 * option translation is lib/sendmail/translate.ts.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { runSendmail } from "../lib/sendmail/run.ts";

/**
 * A sendmail main for the name it is called by: `mailq` lists the queue,
 * `newaliases` points at fastforward (for registry entries of those names).
 */
export function mainAs(progname: string): (args: string[]) => Promise<number> {
  return (args) =>
    runSendmail(args, {
      home: qmailHome(),
      env: (name) => Deno.env.get(name),
      stdin: Deno.stdin,
      stdout: Deno.stdout,
      progname,
      // Only -bs needs the list: the registry's module graph is not loaded for -t.
      smtpdEnvNames: async () => (await import("./registry.ts")).SMTPD_ENV,
    });
}

/** Runs sendmail; returns qmail-inject's (or qmail-qread's, qmail-smtpd's) exit code. */
export async function main(args: string[]): Promise<number> {
  return await mainAs("sendmail")(args);
}

/** `mailq`: sendmail -bp. */
export const mailqMain: (args: string[]) => Promise<number> = mainAs("mailq");
