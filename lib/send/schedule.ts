/**
 * qmail-send's retry schedule (qmail-send.c nextretry): a message born at
 * `birth` (the mtime of info/N) is retried on a channel at
 * `birth + (floor(sqrt(age)) + skip)^2` seconds, where skip is 10 for the
 * local channel and 20 for the remote one. So local retries come 0, 100, 400,
 * 900, 1600 … seconds after birth and remote ones 0, 400, 1600, 3600, 6400 …
 * (the source documents' table). After queuelifetime a message is "dying":
 * one more attempt, and a temporary failure then counts as permanent.
 *
 * @module
 */

/** The two delivery channels, in qmail's order (chanaddr: local/, remote/). */
export const CHANNELS = ["local", "remote"] as const;
export type Channel = typeof CHANNELS[number];

/** qmail-send.c chanskip. */
export const CHANSKIP: Record<Channel, number> = { local: 10, remote: 20 };

/** Seconds between checks of todo/ when nothing pulls the trigger (SLEEP_TODO). */
export const SLEEP_TODO = 1500;
/** Seconds between scans for ossified leftovers (SLEEP_CLEANUP). */
export const SLEEP_CLEANUP = 76431;
/** Seconds before retrying after a system failure (SLEEP_SYSFAIL). */
export const SLEEP_SYSFAIL = 123;
/** Seconds after which a leftover is junk: 36 hours, above qmail-queue's 24-hour limit (OSSIFIED). */
export const OSSIFIED = 129600;

/** The integer square root: the largest y with y*y <= x (x >= 0). */
export function isqrt(x: number): number {
  if (x <= 0) return 0;
  let y = Math.floor(Math.sqrt(x));
  while (y * y > x) y--;
  while ((y + 1) * (y + 1) <= x) y++;
  return y;
}

/**
 * When a job that was just tried should be tried again (seconds since the
 * epoch), given the message's birth and the present.
 *
 * @example
 * ```ts
 * nextRetry(1000, 1000, "remote"); // 1400
 * nextRetry(1000, 1400, "remote"); // 2600 (birth + 40²)
 * ```
 */
export function nextRetry(birth: number, recent: number, channel: Channel): number {
  const n = (birth > recent ? 0 : isqrt(recent - birth)) + CHANSKIP[channel];
  return birth + n * n;
}

/** The attempt times (seconds after birth) of the first `count` tries on a channel. */
export function retryTable(channel: Channel, count: number): number[] {
  const out = [0];
  while (out.length < count) out.push(nextRetry(0, out[out.length - 1], channel));
  return out;
}

/** True when a message born at `birth` has outlived `lifetime` seconds (qmail-send.c flagdying). */
export function isDying(birth: number, recent: number, lifetime: number): boolean {
  return recent > birth + lifetime;
}
