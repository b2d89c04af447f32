/**
 * Switching the process's group and user ids for a sandboxed program
 * (tcpserver -g/-u after binding a low port as root). Node's setgid/setuid
 * refuse to run in a Worker, so the dispatcher does it in the main thread;
 * glibc applies it to every thread of the process. Deno has no setgroups:
 * supplementary groups stay as the process started with them (none under
 * systemd or sudo -u), which is reported back as a warning.
 *
 * @module
 */

import type { IdsMessage } from "./messages.ts";

/** Sets gid then uid (0 leaves one unchanged), in this thread. */
export async function setIdsReply(uid: number, gid: number): Promise<IdsMessage> {
  const process = (await import("node:process")).default;
  try {
    if (gid) process.setgid!(gid);
  } catch (e) {
    return { kind: "ids", error: `unable to set gid: ${e instanceof Error ? e.message : e}` };
  }
  try {
    if (uid) process.setuid!(uid);
  } catch (e) {
    return { kind: "ids", error: `unable to set uid: ${e instanceof Error ? e.message : e}` };
  }
  const groups = supplementaryGroups().filter((g) => g !== gid);
  return groups.length === 0 ? { kind: "ids" } : {
    kind: "ids",
    warning: `supplementary groups ${groups.join(",")} kept (Deno cannot call setgroups)`,
  };
}

/** The process's supplementary groups, from /proc (none if unreadable). */
function supplementaryGroups(): number[] {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const line = status.split("\n").find((l) => l.startsWith("Groups:")) ?? "";
    return line.slice(7).trim().split(/\s+/).filter((x) => x !== "").map(Number);
  } catch {
    return [];
  }
}
