/**
 * qmail-smtpd's trace field (qmail's received.c), e.g.
 *
 * ```
 * Received: from relay1.uu.net (HELO uunet.uu.net) (7@192.48.96.5)
 *   by silverton.berkeley.edu with SMTP; 26 Sep 1995 04:46:54 -0000
 * ```
 *
 * Every client-supplied word passes through a filter that turns anything but
 * letters, digits and `.@%+/=:-[]` into `?`, so a client cannot forge header
 * structure.
 *
 * @module
 */

import { date822 } from "../date/date822.ts";

/** What the Received field says about a connection. */
export interface ReceivedInfo {
  /** TCPREMOTEHOST, or "unknown". */
  remoteHost: string;
  /** The HELO argument when it differs (ignoring case) from remoteHost. */
  helo?: string;
  /** TCPREMOTEINFO (the ident answer), if any. */
  remoteInfo?: string;
  /** TCPREMOTEIP, or "unknown". */
  remoteIp: string;
  /** TCPLOCALHOST, else TCPLOCALIP, else "unknown". */
  local: string;
  /** "SMTP" (qmail-smtpd) or another protocol name. */
  protocol: string;
}

/** Replaces every byte received.c does not consider safe with `?`. */
export function safe(s: string): string {
  return s.replace(/[^a-zA-Z0-9.@%+/=:\-\[\]]/g, "?");
}

/**
 * The Received field, both lines, ending in a newline (LF: the queue stores
 * messages with UNIX newlines).
 *
 * @example
 * ```ts
 * receivedField({remoteHost: "unknown", remoteIp: "1.2.3.4", local: "mx", protocol: "SMTP"},
 *   new Date(0)); // "Received: from unknown (1.2.3.4)\n  by mx with SMTP; 1 Jan 1970 00:00:00 -0000\n"
 * ```
 */
export function receivedField(r: ReceivedInfo, when: Date): string {
  let s = `Received: from ${safe(r.remoteHost)}`;
  if (r.helo !== undefined) s += ` (HELO ${safe(r.helo)})`;
  s += " (";
  if (r.remoteInfo !== undefined) s += `${safe(r.remoteInfo)}@`;
  s += `${safe(r.remoteIp)})\n  by ${safe(r.local)} with ${r.protocol}; ${date822(when)}\n`;
  return s;
}
