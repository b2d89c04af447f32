/**
 * qmail-pop3d(8): distribute mail via POP. Run by checkpassword (after
 * qmail-popup) with the user's identity, in the user's home directory, on
 * the connection's stdin/stdout: `qmail-pop3d Maildir`.
 *
 * @module
 */

import { servePop3d } from "../lib/pop3/pop3d.ts";
import { POP3D_ERR } from "../lib/pop3/pop3d_session.ts";

/** Runs one POP3 session; 0 in every case but running as root (1), as qmail-pop3d. */
export async function main(args: string[]): Promise<number> {
  // qmail-pop3d(8): root never has a maildir; refuse, logged, exit 1. The one
  // exception is `deno task start` run by root: a single-user tree where root
  // is the only user, which says so with POP3D_ALLOW_ROOT=1.
  if (Deno.uid() === 0 && Deno.env.get("POP3D_ALLOW_ROOT") !== "1") {
    console.error("qmail-pop3d invoked as uid 0, terminating");
    return 1;
  }
  if (!args[0]) {
    await Deno.stdout.write(new TextEncoder().encode(`${POP3D_ERR.noMaildir}\r\n`));
    return 0;
  }
  // A relative name stays relative: it is found from the current directory
  // (the home checkpassword changed to), which the sandbox does not let this
  // program read.
  return await servePop3d(Deno.stdin, Deno.stdout, { maildir: args[0].replace(/\/+$/, "") });
}
