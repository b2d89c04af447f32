/**
 * The program a "chain" program runs next (qmail-popup runs checkpassword,
 * checkpassword runs qmail-pop3d): a bare name of one of this executable's
 * programs runs that program of this executable; anything else (a path, or
 * another name looked up in PATH) runs as given, so D. J. Bernstein's
 * checkpassword or any program following its interface still fits.
 *
 * @module
 */

import { selfCommand } from "./self.ts";

/**
 * The executable `selfCommand` runs, given QMAIL_SELF (deno itself for a
 * checkout; `qmail` when unset, as in the documentation's table).
 */
export function selfExecutable(qmailSelf: string | undefined): string {
  if (!qmailSelf) return "qmail";
  return qmailSelf.endsWith(".ts") ? Deno.execPath() : qmailSelf;
}

/**
 * The command line for `argv` (program then arguments).
 *
 * @example
 * ```ts
 * nextCommand(["qmail-pop3d", "Maildir"], (n) => n === "qmail-pop3d");
 * // [QMAIL_SELF, ["qmail-pop3d", "Maildir"]] (or deno run … main.ts qmail-pop3d Maildir)
 * ```
 */
export function nextCommand(
  argv: string[],
  isBuiltin: (name: string) => boolean,
): [string, string[]] {
  const [program, ...rest] = argv;
  if (!program.includes("/") && isBuiltin(program)) return selfCommand(program, rest);
  return [program, rest];
}

/** The `run` permission the next program needs (what nextCommand will execute). */
export function nextRunGrant(
  argv: string[],
  isBuiltin: (name: string) => boolean,
  qmailSelf: string | undefined,
): string[] {
  if (argv.length === 0) return [];
  const program = argv[0];
  if (!program.includes("/") && isBuiltin(program)) return [selfExecutable(qmailSelf)];
  return [program];
}
