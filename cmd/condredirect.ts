/**
 * condredirect: perhaps redirect mail to another address (condredirect(1)).
 * Runs the program with the message on stdin; if it exits 0 the message is
 * queued for `newaddress` (SENDER kept, DTLINE added) and condredirect exits
 * 99 so qmail-local ignores the rest of the .qmail file; 111 is a temporary
 * error; any other exit code means "don't redirect" (exit 0).
 *
 * @module
 */

import { die, ExitError, usage } from "../lib/cli/exit.ts";
import { env, queueFailure, readStdin, requeue, runChild } from "../lib/local/helpers.ts";

/** Runs condredirect. */
export async function main(args: string[]): Promise<number> {
  if (args.length < 2) usage("condredirect", "condredirect newaddress program [ arg ... ]");
  // Read first: the program and the redirection both need the message from its start.
  const message = await readStdin();
  const end = await runChild(args.slice(1), message);
  if (end.code === null) die(111, "condredirect", "fatal: child crashed");
  if (end.code === 111) die(111, "condredirect", "fatal: temporary child error");
  if (end.code !== 0) return 0;
  const sender = env("SENDER");
  if (sender === undefined) die(100, "condredirect", "fatal: SENDER not set");
  const dtline = env("DTLINE");
  if (dtline === undefined) die(100, "condredirect", "fatal: DTLINE not set");
  let qp: number;
  try {
    qp = await requeue(dtline, message, sender, [args[0]]);
  } catch (e) {
    const f = queueFailure(e);
    die(f.permanent ? 100 : 111, "condredirect", `fatal: ${f.text}`);
  }
  throw new ExitError(99, `condredirect: qp ${qp}`);
}
