/**
 * Where the qmail tree is: `QMAILHOME`, else /var/qmail (qmail's conf-qmail).
 *
 * @module
 */

/** qmail's default home (conf-qmail). */
export const defaultHome = "/var/qmail";

/** The qmail tree this process works on. */
export function qmailHome(): string {
  return Deno.env.get("QMAILHOME") || defaultHome;
}
