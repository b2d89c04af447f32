/**
 * The control files qmail-smtpd reads at the start of every session
 * (qmail-smtpd(8)): smtpgreeting, localiphost, timeoutsmtpd, rcpthosts with
 * morercpthosts.cdb, badmailfrom and databytes — through the typed control
 * reader in lib/control. Sessions served in one process share what was read
 * for up to a second ({@linkcode acquireSmtpdControls}).
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

/** How long controls once read serve new sessions before they are read again. */
export const CONTROLS_FRESH_MS = 1000;

interface Shared {
  controls: SmtpdControls;
  at: number;
  users: number;
  current: boolean;
}

const shared = new Map<string, Shared>();

/**
 * qmail-smtpd's controls for a new session, shared with the other sessions
 * of this process. qmail-smtpd reads them at the start of every session; a
 * busy in-process server would read them hundreds of times a second, so they
 * are read again only when a second has passed: a changed control file takes
 * effect for sessions starting a second later at most. `release` when the
 * session ends (morercpthosts.cdb closes once no session uses it). Throws
 * ControlError as {@linkcode loadSmtpdControls} does (nothing is kept then).
 */
export function acquireSmtpdControls(
  home: string,
  now = performance.now(),
): { controls: SmtpdControls; release(): void } {
  let s = shared.get(home);
  if (!s || now - s.at >= CONTROLS_FRESH_MS || now < s.at) {
    const fresh = { controls: loadSmtpdControls(home), at: now, users: 0, current: true };
    if (s) {
      s.current = false;
      if (s.users === 0) s.controls.close();
    }
    shared.set(home, fresh);
    s = fresh;
  }
  const held = s;
  held.users++;
  let released = false;
  return {
    controls: held.controls,
    release() {
      if (released) return;
      released = true;
      if (--held.users === 0 && !held.current) held.controls.close();
    },
  };
}
