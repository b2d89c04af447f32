/**
 * tcpserver's -g/-u: give up root after binding. Inside the sandbox the
 * dispatcher switches the ids (lib/sandbox/ids.ts), since Node's setuid does
 * not run in a Worker; outside (embedding, tests) it is done here.
 *
 * @module
 */

import type { IdsMessage } from "../sandbox/messages.ts";
import { askHost } from "../sandbox/host.ts";

/**
 * Switches to `gid` then `uid` (0: unchanged). Resolves with a warning to log
 * (or undefined); throws with tcpserver's wording when a switch fails.
 */
export async function switchIds(uid: number, gid: number): Promise<string | undefined> {
  if (!uid && !gid) return undefined;
  const asked = askHost({ kind: "set-ids", uid, gid });
  const reply =
    (asked
      ? await asked
      : await (await import("../sandbox/ids.ts")).setIdsReply(uid, gid)) as IdsMessage;
  if (reply.error) throw new Error(reply.error);
  return reply.warning;
}
