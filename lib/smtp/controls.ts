/**
 * The control files qmail-smtpd reads at the start of every session
 * (qmail-smtpd(8)): smtpgreeting, localiphost, timeoutsmtpd, rcpthosts with
 * morercpthosts.cdb, badmailfrom and databytes — through the typed control
 * reader in lib/control.
 *
 * @module
 */

import { BadMailFrom, Control, ControlError, RcptHosts } from "../control/mod.ts";

/** qmail-smtpd's controls, read and ready to use. */
export interface SmtpdControls {
  /** control/smtpgreeting, default control/me. */
  greeting: string;
  /** control/localiphost, default control/me; undefined when neither exists. */
  localIpHost?: string;
  /** control/timeoutsmtpd, default 1200; at least 1. */
  timeoutSeconds: number;
  /** control/databytes, default 0 (no limit). */
  databytes: number;
  /** True when `addr` (or its `@domain`) is in control/badmailfrom. */
  badMailFrom(addr: string): boolean;
  /** True when the recipient's domain is allowed by rcpthosts/morercpthosts.cdb. */
  rcptAllowed(addr: string): boolean;
  /** Releases morercpthosts.cdb. */
  close(): void;
}

/**
 * Reads qmail-smtpd's control files under `home`. Throws ControlError when a
 * file cannot be read or neither smtpgreeting nor me exists (qmail-smtpd's
 * "421 unable to read controls").
 *
 * @example
 * ```ts
 * const c = loadSmtpdControls("/var/qmail");
 * c.rcptAllowed("joe@example.com");
 * c.close();
 * ```
 */
export function loadSmtpdControls(home: string): SmtpdControls {
  const c = new Control(home);
  const greeting = c.get("smtpgreeting");
  if (greeting === undefined) {
    throw new ControlError(c.path("smtpgreeting"), new Error("neither smtpgreeting nor me exists"));
  }
  const bmf = BadMailFrom.parse(c.get("badmailfrom"));
  const values = {
    greeting,
    localIpHost: c.get("localiphost"),
    timeoutSeconds: c.get("timeoutsmtpd"),
    databytes: c.get("databytes"),
  };
  const rh = RcptHosts.load(home);
  return {
    ...values,
    badMailFrom: (addr) => bmf.matches(addr),
    rcptAllowed: (addr) => rh.allows(addr),
    close: () => rh.close(),
  };
}
