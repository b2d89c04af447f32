/**
 * The remote deliverer used until qmail-remote exists (issue 5): every
 * attempt is a deferral, so remote recipients stay queued in remote/N and
 * are retried by the remote schedule, and a message past queuelifetime
 * bounces as qmail's would.
 *
 * @module
 */

import type {
  RemoteDeliverer,
  RemoteDeliveryRequest,
  RemoteDeliveryResult,
} from "../remote/deliverer.ts";

/** The deferral text of every remote attempt. */
export const NO_REMOTE = "Sorry, remote delivery is not available yet. (#4.3.0)\n";

/** A RemoteDeliverer that defers everything. */
export class DeferringRemoteDeliverer implements RemoteDeliverer {
  deliver(req: RemoteDeliveryRequest): Promise<RemoteDeliveryResult> {
    return Promise.resolve({
      recipients: req.recipients.map(() => ({ status: "deferral" as const, text: NO_REMOTE })),
    });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
