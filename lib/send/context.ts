/**
 * The state qmail-send's parts share: the queue, the log, the clock, the
 * controls and the priority queues (qmail-send.c's globals, gathered).
 *
 * @module
 */

import type { LocalDeliverer } from "../local/deliverer.ts";
import type { RemoteDeliverer } from "../remote/deliverer.ts";
import type { Bounce } from "./bounce_text.ts";
import type { Cleaner } from "./clean.ts";
import type { LogSink } from "./log.ts";
import type { Router } from "./preprocess_plan.ts";
import type { Prioq } from "./prioq.ts";
import type { QueueFs } from "./queue_fs.ts";
import type { Channel } from "./schedule.ts";

/** The control values qmail-send reads at start (getcontrols). */
export interface SendControls {
  queuelifetime: number;
  concurrencylocal: number;
  concurrencyremote: number;
  bouncefrom: string;
  bouncehost: string;
  /** doublebounceto@doublebouncehost. */
  doublebounceto: string;
}

/** Queues a bounce notice; resolves to its qp (the queueing process's id). */
export type BounceInjector = (bounce: Bounce) => Promise<number>;

/** What the parts of qmail-send share. */
export interface SendContext {
  readonly fs: QueueFs;
  readonly log: LogSink;
  /** Seconds since the epoch. */
  now(): number;
  /** The time at the top of the current loop turn (qmail-send.c recent). */
  recent: number;
  controls: SendControls;
  router: Router;
  readonly cleaner: Cleaner;
  readonly local: LocalDeliverer;
  readonly remote: RemoteDeliverer;
  readonly injectBounce: BounceInjector;
  readonly pqchan: Record<Channel, Prioq>;
  /** Messages whose channels are finished: bounce, then remove (messdone). */
  readonly pqdone: Prioq;
  /** Messages whose stat failed: add again later. */
  readonly pqfail: Prioq;
  /**
   * How many channel files (local/N, remote/N) each scheduled message still
   * has. qmail-send alone makes and removes them, so this saves a stat per
   * finished channel; a message missing here is checked on disk.
   */
  readonly chans: Map<number, number>;
  /** Messages put in pqdone after their files were checked: messdone skips the stats. */
  readonly checkedDone: Set<number>;
  /** Messages with a bounce/N (this process writes them; listed at start). */
  readonly bounces: Set<number>;
  /** TERM received: start nothing new. */
  exitAsap: boolean;
  /** Wakes the main loop (something finished or arrived). */
  kick(): void;
  /** The qmail-clean connection or a spawn connection died: log and exit soon. */
  lost(what: "qmail-clean" | "spawn"): void;
}
