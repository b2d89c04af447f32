/**
 * qmail-newu: prepare address assignments for qmail-lspawn (qmail-newu(8)):
 * compiles QMAILHOME/users/assign into users/cdb atomically; on any problem
 * complains, exits 111 and leaves users/cdb alone.
 *
 * @module
 */

import { die } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { newu, NewuError } from "../lib/users/newu.ts";

/** Runs qmail-newu. */
export function main(_args: string[]): Promise<number> {
  try {
    newu(qmailHome());
  } catch (e) {
    if (e instanceof NewuError) die(111, "qmail-newu", `fatal: ${e.message}`);
    throw e;
  }
  return Promise.resolve(0);
}
