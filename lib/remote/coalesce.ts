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

/** Joins concurrent same-message, same-host deliveries; `max` recipients per transaction. */
export function coalescing(inner: RemoteDeliverer, max = 100): RemoteDeliverer {
  const open = new Map<string, Batch>();

  function flush(key: string, batch: Batch): void {
    if (open.get(key) === batch) open.delete(key);
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

  return {
    deliver(req: RemoteDeliveryRequest): Promise<RemoteDeliveryResult> {
      const key = `${req.id}\0${req.sender}\0${req.host.toLowerCase()}`;
      let batch = open.get(key);
      if (!batch || batch.recipients.length + req.recipients.length > max) {
        batch = { first: req, recipients: [], waiters: [], ranges: [] };
        open.set(key, batch);
        const b = batch;
        setTimeout(() => flush(key, b), 0);
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
