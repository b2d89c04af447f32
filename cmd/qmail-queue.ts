/**
 * qmail-queue(8): the message on descriptor 0, the envelope on descriptor 1,
 * no diagnostics, and the exit code is the answer (0 queued; 11–40 permanent;
 * other codes temporary). Run by an unprivileged user of a root-installed
 * tree, it drops the message for qmail-pickup instead (see lib/queue/maildrop.ts).
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { QueueError } from "../lib/queue/errors.ts";
import { submit } from "../lib/queue/submit.ts";
import { readEnvelopeFd } from "../lib/sandbox/host.ts";

/** Queues the message on stdin with the envelope on fd 1; returns qmail-queue's exit code. */
export async function main(_args: string[]): Promise<number> {
  try {
    await submit({
      home: qmailHome(),
      message: Deno.stdin.readable,
      envelope: readEnvelopeFd,
      replaceable: false,
      pid: Deno.pid,
    });
    return 0;
  } catch (e) {
    return e instanceof QueueError ? e.code : 81;
  }
}
