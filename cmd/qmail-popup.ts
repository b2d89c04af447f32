/**
 * qmail-popup(8): read a POP username and password, then run the
 * subprogram with them on descriptor 3:
 * `qmail-popup HOST checkpassword qmail-pop3d Maildir`.
 *
 * @module
 */

import { servePopup } from "../lib/pop3/popup.ts";
import { POPUP_REPLY } from "../lib/pop3/popup_session.ts";
import { nextCommand } from "../lib/cli/next_program.ts";
import { programs } from "./registry.ts";

/** Runs one session on stdin/stdout; exits 1, as qmail-popup always does. */
export async function main(args: string[]): Promise<number> {
  const [hostname, ...subprogram] = args;
  if (!hostname || subprogram.length === 0) {
    await Deno.stdout.write(new TextEncoder().encode(`${POPUP_REPLY.usage}\r\n`));
    return 1;
  }
  return await servePopup(Deno.stdin, Deno.stdout, {
    hostname,
    command: nextCommand(subprogram, (n) => Object.hasOwn(programs, n)),
    childIo: "inherit",
  });
}
