/**
 * predate's Date line (qmail's predate.c): the local time with its numeric
 * offset from GMT, without a day of the week, e.g.
 * `Date: 26 Sep 1995 00:46:54 -0400`.
 *
 * @module
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** A broken-down local time. */
export interface LocalTime {
  year: number;
  /** 0 = January. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The Date line for a local time whose offset from GMT is `offsetSeconds`
 * (east positive), with its newline. The offset is rounded to the nearest
 * minute, as predate.c does.
 *
 * @example
 * ```ts
 * dateLineFor({ year: 1995, month: 8, day: 26, hour: 0, minute: 46, second: 54 }, -4 * 3600);
 * // "Date: 26 Sep 1995 00:46:54 -0400\n"
 * ```
 */
export function dateLineFor(t: LocalTime, offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? "-" : "+";
  const minutes = Math.floor((Math.abs(offsetSeconds) + 30) / 60);
  return `Date: ${t.day} ${MONTHS[t.month]} ${t.year} ` +
    `${two(t.hour)}:${two(t.minute)}:${two(t.second)} ` +
    `${sign}${two(Math.floor(minutes / 60))}${two(minutes % 60)}\n`;
}

/** The Date line for `now` in the process's time zone (TZ). */
export function localDateLine(now: Date): string {
  const t: LocalTime = {
    year: now.getFullYear(),
    month: now.getMonth(),
    day: now.getDate(),
    hour: now.getHours(),
    minute: now.getMinutes(),
    second: now.getSeconds(),
  };
  // The local fields read as if they were GMT, minus the real instant: the offset.
  const asGmt = Date.UTC(t.year, t.month, t.day, t.hour, t.minute, t.second) / 1000;
  return dateLineFor(t, asGmt - Math.floor(now.getTime() / 1000));
}
