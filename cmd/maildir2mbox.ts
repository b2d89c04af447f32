/**
 * maildir2mbox: move mail from a maildir to an mbox (maildir2mbox(1)), as
 * the environment says: MAILDIR, MAIL, MAILTMP.
 *
 * @module
 */

import { die } from "../lib/cli/exit.ts";
import { err } from "../lib/cli/output.ts";
import { M2mError, maildir2mbox } from "../lib/local/maildir2mbox.ts";

/** Runs maildir2mbox. */
export async function main(_args: string[]): Promise<number> {
  const mail = Deno.env.get("MAIL");
  if (mail === undefined) die(111, "maildir2mbox", "fatal: MAIL not set");
  const mailtmp = Deno.env.get("MAILTMP");
  if (mailtmp === undefined) die(111, "maildir2mbox", "fatal: MAILTMP not set");
  const maildir = Deno.env.get("MAILDIR");
  if (maildir === undefined) die(111, "maildir2mbox", "fatal: MAILDIR not set");
  try {
    for (const w of await maildir2mbox(maildir, mail, mailtmp)) {
      await err(`maildir2mbox: warning: ${w}\n`);
    }
  } catch (e) {
    if (e instanceof M2mError) die(111, "maildir2mbox", `fatal: ${e.message}`);
    throw e;
  }
  return 0;
}
