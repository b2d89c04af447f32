/**
 * Opening remote delivery for qmail-start (lib/remote: one qmail-rspawn
 * child, started on first use, as qmailr in a system tree). Loaded on
 * demand.
 *
 * @module
 */

import type { RemoteDeliverer } from "../remote/deliverer.ts";

/** The remote deliverer for `home`; `as` gives qmailr's ids in a system tree. */
export async function openRemote(
  home: string,
  as?: { uid: number; gid: number },
): Promise<RemoteDeliverer> {
  const { openRemoteDeliverer } = await import("../remote/mod.ts");
  return await openRemoteDeliverer(home, as ?? {});
}
