/**
 * qmail-newmrh: compile control/morercpthosts into control/morercpthosts.cdb
 * for qmail-smtpd (qmail-newmrh(8)). Takes no arguments; exits 111 and leaves
 * the old database alone on any trouble.
 *
 * @module
 */

import { die } from "../lib/cli/exit.ts";
import { compileMoreRcptHosts, NewMrhError } from "../lib/control/morercpthosts.ts";
import { qmailHome } from "../lib/paths.ts";

/** Runs qmail-newmrh. */
export function main(_args: string[]): Promise<number> {
  try {
    compileMoreRcptHosts(qmailHome());
  } catch (e) {
    if (e instanceof NewMrhError) die(111, "qmail-newmrh", `fatal: ${e.message}`);
    throw e;
  }
  return Promise.resolve(0);
}
