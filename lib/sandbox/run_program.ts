/**
 * Runs a program's main function and turns what it did into an exit code,
 * printing its error message the way qmail's programs do.
 *
 * @module
 */

import { ExitError } from "../cli/exit.ts";

/** Runs `body` and returns its exit code; errors print on stderr and exit 111. */
export async function reportExit(program: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ExitError) {
      if (e.message) console.error(e.message);
      return e.code;
    }
    const why = e instanceof Error ? e.message : String(e);
    console.error(`${program}: fatal: ${why}`);
    return 111;
  }
}
