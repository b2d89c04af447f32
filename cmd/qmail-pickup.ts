/**
 * qmail-pickup: runs as the queue user and moves messages that unprivileged
 * users dropped in QMAILHOME/maildrop into the queue (lib/queue/maildrop.ts).
 * Woken by the lock/pickup FIFO, and scans every 60 seconds regardless.
 * `-1` handles what is there and exits.
 *
 * @module
 */

import { usage } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { formatPickup, pickupOnce } from "../lib/queue/pickup.ts";
import { maildropDir, WAKE_FIFO } from "../lib/queue/maildrop.ts";

const SCAN_MS = 60_000;

async function runOnce(home: string): Promise<void> {
  for (const r of await pickupOnce(home)) console.log(formatPickup(r));
}

/** Picks up drops once (`-1`) or forever. */
export async function main(args: string[]): Promise<number> {
  if (args.length > 1 || (args.length === 1 && args[0] !== "-1")) {
    usage("qmail-pickup", "qmail-pickup [ -1 ]");
  }
  const home = qmailHome();
  if (args[0] === "-1") {
    await runOnce(home);
    return 0;
  }
  // Opened read-write, a FIFO never blocks the open and never reports EOF.
  const fifo = `${maildropDir(home)}/${WAKE_FIFO}`;
  using trigger = await Deno.open(fifo, { read: true, write: true });
  const buf = new Uint8Array(256);
  let wake = trigger.read(buf);
  for (;;) {
    await runOnce(home);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const woke = await Promise.race([
      wake.then(() => true),
      new Promise<boolean>((r) => timer = setTimeout(() => r(false), SCAN_MS)),
    ]);
    clearTimeout(timer);
    if (woke) wake = trigger.read(buf);
  }
}
