/**
 * bouncesaying: bounce each incoming message (bouncesaying(1)). With a
 * program, bounces only if the program exits 0 (111: temporary error; other
 * codes: accept, exit 0). The bounce text is `error`, exit code 100.
 *
 * @module
 */

import { die, ExitError, usage } from "../lib/cli/exit.ts";
import { runChild } from "../lib/local/helpers.ts";

/** Runs bouncesaying. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) usage("bouncesaying", "bouncesaying error [ program [ arg ... ] ]");
  if (args.length > 1) {
    const end = await runChild(args.slice(1), "inherit");
    if (end.code === null) die(111, "bouncesaying", "fatal: child crashed");
    if (end.code === 111) die(111, "bouncesaying", "fatal: temporary child error");
    if (end.code !== 0) return 0;
  }
  throw new ExitError(100, args[0]);
}
