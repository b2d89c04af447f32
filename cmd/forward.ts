/**
 * forward: forward new mail to one or more addresses (forward(1)), from a
 * .qmail program line: the message on stdin, with DTLINE added, is queued
 * for the recipients with NEWSENDER as envelope sender.
 *
 * @module
 */

import { die, ExitError } from "../lib/cli/exit.ts";
import { env, queueFailure, readStdin, requeue } from "../lib/local/helpers.ts";

/** Runs forward. */
export async function main(args: string[]): Promise<number> {
  const sender = env("NEWSENDER");
  if (sender === undefined) die(100, "forward", "fatal: NEWSENDER not set");
  const dtline = env("DTLINE");
  if (dtline === undefined) die(100, "forward", "fatal: DTLINE not set");
  let message: Uint8Array;
  try {
    message = await readStdin();
  } catch (e) {
    die(111, "forward", `fatal: unable to read message: ${e}`);
  }
  let qp: number;
  try {
    qp = await requeue(dtline, message, sender, args);
  } catch (e) {
    const f = queueFailure(e);
    die(f.permanent ? 100 : 111, "forward", `fatal: ${f.text}`);
  }
  throw new ExitError(0, `forward: qp ${qp}`);
}
