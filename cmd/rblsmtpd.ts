/**
 * rblsmtpd(1): block mail from RBL-listed clients, wrapping an SMTP server
 * on stdin/stdout (`rblsmtpd -r zen.example qmail-smtpd`). A wrapped
 * denoqmail server runs in this process; any other program is run with
 * stdin, stdout and stderr handed on.
 *
 * @module
 */

import { execCommand } from "../lib/net/exec.ts";
import { inheritedEnv } from "../lib/net/inprocess.ts";
import { writeStderr } from "../lib/net/server.ts";
import { runInherited } from "../lib/net/spawn.ts";
import { qmailHome } from "../lib/paths.ts";

/** Runs rblsmtpd on this process's stdin and stdout. */
export async function main(args: string[]): Promise<number> {
  return await execCommand(["rblsmtpd", ...args], inheritedEnv(), {
    input: Deno.stdin,
    output: Deno.stdout,
    home: qmailHome(),
    id: Deno.pid,
    log: writeStderr,
    spawn: runInherited,
  });
}
