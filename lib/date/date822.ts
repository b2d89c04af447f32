/**
 * qmail's date822fmt: `22 Nov 2026 00:43:07 -0000`, always UTC, as used in
 * Received lines, qmail-inject's Date and qmail-qread.
 *
 * @module
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Formats a time the way qmail's date822fmt does, without the newline.
 *
 * @example
 * ```ts
 * date822(new Date(Date.UTC(1995, 8, 26, 4, 46, 54))); // "26 Sep 1995 04:46:54 -0000"
 * ```
 */
export function date822(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} -0000`;
}
