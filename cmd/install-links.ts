/**
 * `qmail install-links DIR`: a symlink per program in DIR.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { installLinks } from "../lib/install/links.ts";

/** Creates the links; exits 100 on bad usage, 111 when DIR cannot be written. */
export async function main(args: string[]): Promise<number> {
  if (args.length !== 1) usage("install-links", "install-links DIR");
  const target = Deno.env.get("QMAIL_SELF");
  if (!target) die(111, "install-links", "fatal: cannot tell where the qmail executable is");
  try {
    const made = await installLinks(args[0], target);
    console.log(`linked ${made.length} programs in ${args[0]} to ${target}`);
  } catch (e) {
    die(111, "install-links", `fatal: ${e instanceof Error ? e.message : e}`);
  }
  return 0;
}
