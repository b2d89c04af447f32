/**
 * How qmail-send queues its bounces: through qmail-queue's contract
 * (lib/queue/submit.ts), directly when it may write the queue and through
 * the maildrop otherwise. The qp it logs is the one the queue writer
 * recorded for the bounce.
 *
 * @module
 */

import { submit } from "../queue/submit.ts";
import type { BounceInjector } from "./context.ts";

/** A bounce injector for the tree at `home`. */
export function queueBounces(home: string): BounceInjector {
  return async (b) => {
    const qp: unknown = await submit({
      home,
      message: b.message,
      envelope: { sender: b.envelopeSender, recipients: [b.recipient] },
      replaceable: true,
    });
    return typeof qp === "number" ? qp : Deno.pid;
  };
}
