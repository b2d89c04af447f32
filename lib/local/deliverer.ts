/**
 * The contract between qmail-send and local delivery (qmail-lspawn(8),
 * qmail-local(8)): qmail-send asks for one recipient of one message and
 * hears success, deferral or failure with the text it logs and bounces.
 *
 * @module
 */

/** One local delivery qmail-send asks for. */
export interface LocalDeliveryRequest {
  /** qmail-send's delivery number (qmail-log(5) `starting delivery N`). */
  delivery: number;
  /** The message number N. */
  id: number;
  /** Absolute path of queue/mess/N%23/N. */
  messagePath: string;
  /** The envelope sender (info/N without its F; empty for a bounce). */
  sender: string;
  /** The recipient after qmail-send's rewriting (virtualdomains prepends, percenthack): `local@domain`. */
  recipient: string;
}

/** How a delivery ended (qmail-log(5)). */
export type DeliveryStatus = "success" | "deferral" | "failure";

/** What qmail-send logs after `delivery N: <status>: ` and puts in a bounce. */
export interface DeliveryResult {
  status: DeliveryStatus;
  /** Report text in qmail's style, e.g. `did_0+0+1/` or `Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/`. */
  text: string;
  /**
   * The same report raw, as qmail-lspawn/qmail-remote hand it to qmail-send
   * after the K/Z/D letter (newlines kept): what a bounce quotes (qmail-send's
   * addbounce). `text` is this with qmail-send's logsafe applied (newline to
   * `/`, bytes outside 33..126 and `%` to `_`). Absent: use `text`.
   */
  report?: string;
}

/** Something that performs local deliveries, possibly many at once. */
export interface LocalDeliverer {
  deliver(req: LocalDeliveryRequest): Promise<DeliveryResult>;
  /** Finishes in-flight deliveries and releases workers. */
  close(): Promise<void>;
}
