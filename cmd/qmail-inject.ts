/**
 * qmail-inject: preprocess and send a mail message (qmail-inject(8)).
 * Reads the message on stdin, rewrites its header (qmail-header(5)) and
 * queues it, or prints it with -n.
 *
 * @module
 */

import { ExitError } from "../lib/cli/exit.ts";
import { InjectError } from "../lib/inject/errors.ts";
import { chunksOf, runInject } from "../lib/inject/run.ts";
import { qmailHome } from "../lib/paths.ts";
import { submit } from "../lib/queue/submit.ts";

/** Runs qmail-inject; returns 0, or throws ExitError with 100 (permanent) or 111 (temporary). */
export async function main(args: string[]): Promise<number> {
  try {
    await runInject(args, {
      home: qmailHome(),
      env: (name) => Deno.env.get(name),
      now: new Date(),
      pid: Deno.pid,
      stdin: chunksOf(Deno.stdin),
      stdout: Deno.stdout,
      submit,
    });
    return 0;
  } catch (e) {
    if (e instanceof InjectError) throw new ExitError(e.code, `qmail-inject: fatal: ${e.message}`);
    throw e;
  }
}
