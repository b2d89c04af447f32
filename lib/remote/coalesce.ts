/**
 * One SMTP transaction for the recipients of one message at one host.
 * qmail-send starts a remote delivery per recipient (as qmail does); the
 * deliveries of the same message, sender and host that it starts in the
 * same turn of the event loop are joined here into one request, and each
 * caller gets its own recipient's result. Different messages are never
 * joined.
 *
 * @module
 */

import type { DeliveryResult } from "../local/deliverer.ts";
import type { RemoteDeliverer, RemoteDeliveryRequest, RemoteDeliveryResult } from "./deliverer.ts";

interface Batch {
  first: RemoteDeliveryRequest;
  recipients: string[];
  waiters: ((r: DeliveryResult[]) => void)[];
  ranges: [number, number][];
}

/**
 * Joins concurrent same-message, same-host deliveries; `max` recipients per
 * transaction. One timer per turn starts every batch opened in it (not one
 * per batch: a setTimeout per message cost qmail-send more than the join).
 */
export function coalescing(inner: RemoteDeliverer, max = 100): RemoteDeliverer {
  const open = new Map<string, Batch>();
  /** Batches opened in this turn, in order (a full one is replaced in `open` but still starts). */
  let starting: Batch[] = [];

  function start(batch: Batch): void {
    const req = { ...batch.first, recipients: batch.recipients };
    const settle = (results: DeliveryResult[]) => {
      batch.waiters.forEach((w, i) => w(results.slice(...batch.ranges[i])));
    };
    inner.deliver(req).then(
      (r) => settle(r.recipients),
      () =>
        settle(
          batch.recipients.map(() => ({
            status: "deferral",
            text: "Unable_to_run_qmail-remote./",
          })),
        ),
    );
  }

  function startAll(): void {
    const batches = starting;
    starting = [];
    open.clear();
    for (const b of batches) start(b);
  }

  return {
    deliver(req: RemoteDeliveryRequest): Promise<RemoteDeliveryResult> {
      const key = `${req.id}\0${req.sender}\0${req.host.toLowerCase()}`;
      let batch = open.get(key);
      if (!batch || batch.recipients.length + req.recipients.length > max) {
        batch = { first: req, recipients: [], waiters: [], ranges: [] };
        open.set(key, batch);
        if (starting.push(batch) === 1) setTimeout(startAll, 0);
      }
      const b = batch;
      return new Promise((resolve) => {
        b.ranges.push([b.recipients.length, b.recipients.length + req.recipients.length]);
        b.recipients.push(...req.recipients);
        b.waiters.push((results) => resolve({ recipients: results }));
      });
    },
    close: () => inner.close(),
  };
}
