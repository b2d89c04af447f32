/**
 * A {@linkcode RemoteDeliverer} that delivers in this process: many
 * deliveries at once (as many as the caller starts, qmail-send's
 * concurrencyremote), sessions kept and reused between messages to the same
 * MX. This is what qmail-rspawn runs; a single-user tree may use it inside
 * qmail-send directly.
 *
 * @module
 */

import type { RemoteDeliverer, RemoteDeliveryRequest, RemoteDeliveryResult } from "./deliverer.ts";
import { type RemoteContext, remoteDeliver } from "./deliver.ts";
import { messageOnly, recipientResults, type RemoteReport, TEXT } from "./report.ts";

/** Reads a queued message (injectable for tests). */
export type MessageReader = (path: string) => Promise<Uint8Array>;

/**
 * Reads the queued message at once: a queue file is small and local, and a
 * hop through the blocking-thread pool per delivery cost qmail-rspawn more
 * than the read.
 */
export const readMessageSync: MessageReader = (path) => {
  try {
    return Promise.resolve(Deno.readFileSync(path));
  } catch (e) {
    return Promise.reject(e);
  }
};

/** One request to a report, never throwing. */
export async function deliverRequest(
  req: RemoteDeliveryRequest,
  context: () => RemoteContext,
  readMessage: MessageReader = readMessageSync,
): Promise<RemoteReport> {
  let ctx: RemoteContext;
  try {
    ctx = context();
  } catch {
    return messageOnly("Z", TEXT.control);
  }
  let message: Uint8Array;
  try {
    message = await readMessage(req.messagePath);
  } catch {
    return messageOnly("Z", TEXT.read);
  }
  try {
    return await remoteDeliver(
      { host: req.host, sender: req.sender, recipients: req.recipients, message },
      ctx,
    );
  } catch {
    return messageOnly("Z", TEXT.oserr);
  }
}

/**
 * An in-process deliverer. `context` is called per delivery, so control
 * files may be re-read (qmail-remote reads them on every run;
 * `cachedRemoteContext` in context.ts re-reads them at most once a second).
 *
 * @example
 * ```ts ignore
 * const d = inProcessDeliverer(cachedRemoteContext(home, { pool }), () => pool.close());
 * ```
 */
export function inProcessDeliverer(
  context: () => RemoteContext,
  onClose: () => Promise<void> = () => Promise.resolve(),
  readMessage?: MessageReader,
): RemoteDeliverer {
  return {
    async deliver(req: RemoteDeliveryRequest): Promise<RemoteDeliveryResult> {
      const report = await deliverRequest(req, context, readMessage);
      return { recipients: recipientResults(report, req.recipients.length) };
    },
    close: onClose,
  };
}
