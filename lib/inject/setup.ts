/**
 * Reading what qmail-inject needs from the system: the five control files
 * (control/me, defaultdomain, defaulthost, plusdomain, idhost) and the
 * QMAILMFTFILE list. The only I/O of the header rewriting.
 *
 * @module
 */

import { ControlError, readControlLine, readControlLines } from "../control/read.ts";
import { type EnvLookup, type InjectControl, resolveConfig } from "./config.ts";
import { InjectError } from "./errors.ts";
import type { InjectSetup } from "./inject.ts";

/** Runs `read`, turning an unreadable file into qmail-inject's "read error" (111). */
function orReadError<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ControlError) throw new InjectError(111, "read error", { cause: e });
    throw e;
  }
}

/**
 * Reads the control files qmail-inject uses from `home`/control. A home that
 * is not a directory is qmail-inject's "internal bug" (it cannot chdir there).
 */
export function readInjectControl(home: string): InjectControl {
  let isDir = false;
  try {
    isDir = Deno.statSync(home).isDirectory;
  } catch {
    // handled below
  }
  if (!isDir) throw new InjectError(111, "internal bug");
  return orReadError(() => {
    const line = (name: string) => readControlLine(`${home}/control/${name}`);
    return {
      me: line("me"),
      defaultdomain: line("defaultdomain"),
      defaulthost: line("defaulthost"),
      plusdomain: line("plusdomain"),
      idhost: line("idhost"),
    };
  });
}

/**
 * The mailing-list addresses in QMAILMFTFILE (one a line; blank lines and `#`
 * comments skipped), or undefined when it is unset or the file is missing.
 */
export function readMailingLists(env: EnvLookup): string[] | undefined {
  const file = env("QMAILMFTFILE");
  if (file === undefined) return undefined;
  return orReadError(() => readControlLines(file));
}

/** Where and when qmail-inject runs. */
export interface InjectPlace {
  /** QMAILHOME. */
  home: string;
  env: EnvLookup;
  now: Date;
  pid: number;
}

/**
 * Everything qmail-inject needs besides the message and its options, in
 * qmail-inject's order: the QMAILMFTFILE list, then the control files.
 *
 * @example
 * ```ts
 * const setup = loadSetup({ home: "/var/qmail", env: (n) => Deno.env.get(n),
 *   now: new Date(), pid: Deno.pid });
 * ```
 */
export function loadSetup(place: InjectPlace): InjectSetup {
  const mailingLists = readMailingLists(place.env);
  const config = resolveConfig(place.env, readInjectControl(place.home));
  return { config, now: place.now, pid: place.pid, mailingLists };
}
