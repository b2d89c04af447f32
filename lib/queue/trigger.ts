/**
 * Pulling a trigger FIFO (qmail's triggerpull): write one byte if somebody
 * is reading, and never wait for a reader.
 *
 * qmail opens the FIFO with O_NDELAY, which fails at once when nobody reads.
 * Deno cannot open with O_NONBLOCK (node:fs can, but loading it costs a short
 * program 30 ms). Two ways instead:
 *
 * - A caller that may read the FIFO (root, or its owner — the single-user
 *   case) opens it read-write, which never blocks: the byte reaches a reader
 *   if there is one and is discarded at close if not.
 * - Anyone else opens it write-only in the background: with a reader (a
 *   running qmail-send holds its trigger open) that completes at once; without
 *   one it stays pending and is given up on after a moment. At most one
 *   pending open is kept per FIFO, so a daemon never piles up blocked opens;
 *   when a reader appears, the pending open delivers its byte late — harmless.
 *
 * @module
 */

import { Coalescer } from "./coalesce.ts";
import { settleWithin } from "../io/deadline.ts";

const pending = new Map<string, Promise<void>>();

/** How long to wait for an open or a write before leaving it to the background. */
const WAIT_MS = 50;

async function writeByte(f: Deno.FsFile): Promise<void> {
  try {
    await f.write(new Uint8Array(1));
  } catch {
    // a full FIFO already holds a wake-up: qmail says "bummer" and goes on
  } finally {
    f.close();
  }
}

/** Pulls in flight: messages queued together share one wake-up after the last of them. */
const pulls = new Coalescer();

/** Wakes whoever reads the FIFO at `path`; does nothing if nobody does. */
export function pullTrigger(path: string): Promise<void> {
  return pulls.run(path, () => pullOnce(path));
}

async function pullOnce(path: string): Promise<void> {
  let rw: Deno.FsFile | undefined;
  try {
    rw = Deno.openSync(path, { read: true, write: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.PermissionDenied)) return; // no trigger at all
  }
  if (rw) return await settleWithin(writeByte(rw), WAIT_MS);
  if (pending.has(path)) return;
  const pull = (async () => {
    try {
      await writeByte(await Deno.open(path, { write: true }));
    } catch {
      // the trigger went away
    } finally {
      pending.delete(path);
    }
  })();
  pending.set(path, pull);
  await settleWithin(pull, WAIT_MS);
}
