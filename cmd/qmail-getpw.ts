/**
 * qmail-getpw: give addresses to users (qmail-getpw(8)). Prints user, uid,
 * gid, homedir, dash and ext, each ended by NUL, for the local part `local`;
 * exits nonzero without output on trouble (qmail-lspawn's exit codes).
 *
 * @module
 */

import { writeAll } from "../lib/cli/output.ts";
import { treeAccounts } from "../lib/ids/accounts.ts";
import { qmailHome } from "../lib/paths.ts";
import { latin1ToBytes } from "../lib/text/latin1.ts";
import { formatNughde, GetpwError } from "../lib/users/getpw.ts";
import { UserResolver } from "../lib/users/resolve.ts";

/** Runs qmail-getpw. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) return 100;
  const home = qmailHome();
  const resolver = new UserResolver({
    home,
    singleUser: treeAccounts(home).singleUser,
    uid: Deno.uid() ?? 0,
    gid: Deno.gid() ?? 0,
  });
  try {
    const n = resolver.fromPasswd(args[0]);
    await writeAll(Deno.stdout, latin1ToBytes(formatNughde(n)));
    return 0;
  } catch (e) {
    if (e instanceof GetpwError) return e.code;
    throw e;
  }
}
