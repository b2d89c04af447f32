/**
 * The contract between qmail-send and remote delivery (qmail-rspawn(8),
 * qmail-remote(8)): one message to one or more recipients at the same
 * destination, with a result per recipient.
 *
 * @module
 */

import type { DeliveryResult } from "../local/deliverer.ts";

/** One remote delivery qmail-send asks for. */
export interface RemoteDeliveryRequest {
  /** qmail-send's delivery number. */
  delivery: number;
  id: number;
  messagePath: string;
  sender: string;
  /** The host part all recipients share (qmail-remote's `host` argument). */
  host: string;
  recipients: string[];
}

/** Results in recipient order (qmail-remote's per-recipient `r`/`h`/`s` report). */
export interface RemoteDeliveryResult {
  recipients: DeliveryResult[];
}

/** Something that performs remote deliveries. */
export interface RemoteDeliverer {
  deliver(req: RemoteDeliveryRequest): Promise<RemoteDeliveryResult>;
  close(): Promise<void>;
}
