/**
 * except: reverse the exit code of a program (except(1)): 0 becomes 100,
 * 111 stays a temporary error, anything else becomes 0.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { runChild } from "../lib/local/helpers.ts";

/** Runs except. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) usage("except", "except program [ arg ... ]");
  const end = await runChild(args, "inherit");
  if (end.code === null) die(111, "except", "fatal: child crashed");
  if (end.code === 0) return 100;
  if (end.code === 111) die(111, "except", "fatal: temporary child error");
  return 0;
}
