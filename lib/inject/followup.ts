/**
 * Mail-Followup-To from QMAILMFTFILE (qmail-inject(8); the FAQ's "How do I
 * set up Mail-Followup-To automatically?"): when To or Cc names one of the
 * listed mailing-list addresses (ignoring case), qmail-inject adds a
 * Mail-Followup-To field with every To and Cc address.
 *
 * @module
 */

import { quote2 } from "./quote.ts";

/** ASCII lower case, as qmail's case-insensitive comparisons use. */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The Mail-Followup-To field to add, or "" when none is due. `toCc` holds the
 * To and Cc addresses in the order the address-list walk found them (right
 * to left); `lists` is QMAILMFTFILE's contents, undefined when it is unset or
 * missing. The caller skips this when the message already has the field.
 *
 * @example
 * ```ts
 * finishFollowupTo(["sos@heaven.af.mil", "joe@x"], ["SOS@heaven.af.mil"]);
 * // "Mail-Followup-To: joe@x,\n  sos@heaven.af.mil\n"
 * ```
 */
export function finishFollowupTo(toCc: string[], lists: string[] | undefined): string {
  if (!lists) return "";
  const wanted = new Set(lists.map(lowerAscii));
  if (!toCc.some((a) => wanted.has(lowerAscii(a)))) return "";
  return `Mail-Followup-To: ${[...toCc].reverse().map(quote2).join(",\n  ")}\n`;
}
