/**
 * checkpassword: check a POP (or other) login handed over on descriptor 3
 * and run the rest of the command line as that user:
 * `checkpassword qmail-pop3d Maildir`. See lib/auth/checkpassword.ts.
 *
 * @module
 */

import { checkpassword, configFromEnv } from "../lib/auth/checkpassword.ts";
import { nextCommand } from "../lib/cli/next_program.ts";
import { qmailHome } from "../lib/paths.ts";
import { programs } from "./registry.ts";

/** Runs checkpassword; 1 wrong password, 2 misuse, 111 temporary, else the program's code. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error("checkpassword: usage: checkpassword program [ arg ... ]");
    return 2;
  }
  const cfg = configFromEnv(qmailHome(), (n) => Deno.env.get(n));
  return await checkpassword(cfg, {
    command: nextCommand(args, (n) => Object.hasOwn(programs, n)),
  });
}
