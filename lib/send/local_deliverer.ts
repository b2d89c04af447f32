/**
 * Opening local delivery for qmail-send (lib/local, qmail-lspawn's part):
 * loaded on demand, so qmail-send in a system tree, which asks qmail-start
 * instead, never loads it.
 *
 * @module
 */

import type { LocalDeliverer } from "../local/deliverer.ts";

/** How qmail-start opens local delivery. */
export interface LocalOptions {
  /** The default delivery instructions (qmail-start's argument). */
  defaultDelivery: string;
  /** A single-user tree: every delivery runs as the caller. */
  singleUser: boolean;
}

/** Opens the local deliverer of lib/local for `home`. */
export async function openLocal(home: string, opts: LocalOptions): Promise<LocalDeliverer> {
  const { openLocalDeliverer } = await import("../local/mod.ts");
  return openLocalDeliverer(home, { defaultDelivery: opts.defaultDelivery });
}
