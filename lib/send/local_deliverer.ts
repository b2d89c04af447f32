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

type Opener = (home: string, opts: LocalOptions) => LocalDeliverer | Promise<LocalDeliverer>;

/** Opens the local deliverer of lib/local for `home`. */
export async function openLocal(home: string, opts: LocalOptions): Promise<LocalDeliverer> {
  // Specifiers are computed so this file does not pin lib/local's internal layout.
  const modSpec = "../local/mod.ts";
  try {
    const mod = await import(modSpec) as { openLocalDeliverer?: Opener };
    if (mod.openLocalDeliverer) return await mod.openLocalDeliverer(home, opts);
  } catch (e) {
    if (!(e instanceof TypeError) && !(e instanceof Deno.errors.NotFound)) throw e;
  }
  // Until lib/local/mod.ts exports openLocalDeliverer: its in-process deliverer.
  const inSpec = "../local/inprocess.ts";
  const { InProcessDeliverer } = await import(inSpec) as {
    InProcessDeliverer: new (home: string, o: LocalOptions) => LocalDeliverer;
  };
  return new InProcessDeliverer(home, opts);
}
