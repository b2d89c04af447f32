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
import { exitNow, readEnvelopeFd } from "../lib/sandbox/host.ts";

const DEATH_MS = 86400 * 1000;

/** Queues the message on stdin with the envelope on fd 1; returns qmail-queue's exit code. */
export async function main(_args: string[]): Promise<number> {
  // qmail-queue's alarm: it gives up after 24 hours (below qmail-send's 36-hour
  // cleanup) and "thou shalt not clean up here". AbortSignal.timeout, not
  // setTimeout: a program's first setTimeout costs it 10 ms in Deno 2.9.
  AbortSignal.timeout(DEATH_MS).addEventListener("abort", () => exitNow(52));
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
