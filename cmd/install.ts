/**
 * `qmail install`: creates the tree at QMAILHOME with qmail's directories,
 * queue, owners and modes (hier.c), qmail's users and groups when run as
 * root, bin/ links to this executable, and conf-users/conf-groups naming the
 * accounts. `--single-user` makes a tree owned by and run as the caller.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { die, usage } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { installTree, type TreeOptions } from "../lib/install/tree.ts";

const USAGE = "install [ --single-user ] [ --user-prefix PREFIX ]";

/** Installs the tree; 100 on bad usage, 111 on failure. */
export async function main(args: string[]): Promise<number> {
  let opts: TreeOptions;
  try {
    const { values } = parseArgs({
      args,
      options: {
        "single-user": { type: "boolean", default: false },
        "user-prefix": { type: "string", default: "" },
      },
      strict: true,
      allowPositionals: false,
    });
    opts = { singleUser: values["single-user"]!, userPrefix: values["user-prefix"]! };
  } catch {
    usage("install", USAGE);
  }
  if (opts.userPrefix && !/^[a-z_][a-z0-9_-]*$/.test(opts.userPrefix)) usage("install", USAGE);
  try {
    for (const line of await installTree(qmailHome(), opts)) console.log(line);
  } catch (e) {
    die(111, "install", `fatal: ${e instanceof Error ? e.message : e}`);
  }
  return 0;
}
