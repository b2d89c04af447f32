/**
 * The Date and Message-ID fields qmail-inject adds (qmail's newfield.c):
 * `Date: 26 Sep 1995 04:46:53 -0000` and
 * `Message-ID: <19950926044653.12345.qmail@idhost>` (UTC time, process id).
 *
 * @module
 */

import { date822 } from "../date/date822.ts";

/**
 * The Date field for `now`, with its newline.
 *
 * @example
 * ```ts
 * dateField(new Date(Date.UTC(1995, 8, 26, 4, 46, 53))); // "Date: 26 Sep 1995 04:46:53 -0000\n"
 * ```
 */
export function dateField(now: Date): string {
  return `Date: ${date822(now)}\n`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * The Message-ID field for `now`, process `pid` and `idhost`, with its newline.
 *
 * @example
 * ```ts
 * messageIdField(new Date(Date.UTC(1995, 8, 26, 4, 46, 53)), 12345, "x.org");
 * // "Message-ID: <19950926044653.12345.qmail@x.org>\n"
 * ```
 */
export function messageIdField(now: Date, pid: number, idhost: string): string {
  const stamp = `${now.getUTCFullYear()}${pad2(now.getUTCMonth() + 1)}${pad2(now.getUTCDate())}` +
    `${pad2(now.getUTCHours())}${pad2(now.getUTCMinutes())}${pad2(now.getUTCSeconds())}`;
  return `Message-ID: <${stamp}.${pid}.qmail@${idhost}>\n`;
}
