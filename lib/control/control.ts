/**
 * The one typed reader of qmail's control files: each file's value as the
 * programs that use it see it, with qmail's defaults and fallbacks
 * (control.c control_rldef; getcontrols()/setup() in qmail-send.c,
 * qmail-smtpd.c, qmail-remote.c, qmail-inject.c, qmail-qmqpc.c).
 *
 * Fallbacks when a file is missing:
 * - files whose default is `me` take control/me; when `me` is missing too,
 *   qmail-send and qmail-inject use the file's own name as a literal
 *   ("bouncehost", "defaultdomain", ...), while helohost and smtpgreeting
 *   have no value (qmail-remote and qmail-smtpd then refuse to run),
 *   localiphost has none (the replacement is off) and locals has none
 *   (qmail-send refuses to start): those read as undefined here;
 * - an existing but empty file is an empty value, not the default;
 * - numbers must start with a digit, else the default applies; values past
 *   2^31-1 saturate (qmail's C int would wrap).
 *
 * Environment overrides (QMAILDEFAULTDOMAIN, DATABYTES, ...) belong to the
 * programs and are not applied here.
 *
 * @module
 */

import { SPAWN } from "./compiled.ts";
import { readControlInt, readControlLine, readControlLines, readControlText } from "./read.ts";
import { SmtpRoutes } from "./smtproutes.ts";
import { VirtualDomains } from "./virtualdomains.ts";

/** Every control value, typed. */
export interface ControlValues {
  me: string | undefined;
  badmailfrom: string[];
  bouncefrom: string;
  bouncehost: string;
  concurrencyincoming: number | undefined;
  /** Capped at {@linkcode SPAWN} as qmail-send does. */
  concurrencylocal: number;
  /** Capped at {@linkcode SPAWN} as qmail-send does. */
  concurrencyremote: number;
  /** 0 means no limit. */
  databytes: number;
  defaultdelivery: string | undefined;
  defaultdomain: string;
  defaulthost: string;
  doublebouncehost: string;
  doublebounceto: string;
  envnoathost: string;
  /** Undefined when neither helohost nor me exists: qmail-remote refuses to run. */
  helohost: string | undefined;
  idhost: string;
  /** Undefined when neither localiphost nor me exists: no [ip] replacement. */
  localiphost: string | undefined;
  /** Undefined when neither locals nor me exists: qmail-send refuses to start. */
  locals: string[] | undefined;
  morercpthosts: string[] | undefined;
  percenthack: string[];
  plusdomain: string;
  /** Undefined when missing: qmail-qmqpc refuses to run. */
  qmqpservers: string[] | undefined;
  queuelifetime: number;
  /** Undefined when missing: every recipient domain is allowed. */
  rcpthosts: string[] | undefined;
  /** Undefined when neither smtpgreeting nor me exists: qmail-smtpd refuses to run. */
  smtpgreeting: string | undefined;
  smtproutes: SmtpRoutes;
  timeoutconnect: number;
  timeoutremote: number;
  /** At least 1: qmail-smtpd treats 0 as 1. */
  timeoutsmtpd: number;
  virtualdomains: VirtualDomains;
}

/** The name of a typed control value (a control file; morercpthosts.cdb is read by RcptHosts). */
export type ControlName = keyof ControlValues;

const INT_MAX = 2147483647;

/**
 * Reads control values from one QMAILHOME, reading control/me once.
 *
 * @example
 * ```ts
 * const c = new Control("/var/qmail");
 * const lifetime = c.get("queuelifetime"); // 604800 unless set
 * ```
 */
export class Control {
  readonly dir: string;
  #me: { value: string | undefined } | undefined;

  constructor(readonly home: string) {
    this.dir = `${home}/control`;
  }

  /** control/me, or undefined when missing. */
  get me(): string | undefined {
    this.#me ??= { value: readControlLine(this.path("me")) };
    return this.#me.value;
  }

  /** The path of control file `name`. */
  path(name: string): string {
    return `${this.dir}/${name}`;
  }

  /** The typed value of control file `name`. */
  get<K extends ControlName>(name: K): ControlValues[K] {
    return READERS[name](this) as ControlValues[K];
  }

  /** The first line of `name`, else me, else `literal` (control_rldef with flagme). */
  lineOrMe(name: string, literal: string): string;
  lineOrMe(name: string, literal?: undefined): string | undefined;
  lineOrMe(name: string, literal?: string): string | undefined {
    return readControlLine(this.path(name)) ?? this.me ?? literal;
  }

  /** The first line of `name`, else `def`. */
  line(name: string, def: string): string {
    return readControlLine(this.path(name)) ?? def;
  }

  /** The number in `name`, else `def`. */
  int(name: string, def: number): number {
    const n = readControlInt(this.path(name));
    return n === undefined ? def : Math.min(n, INT_MAX);
  }

  /** The lines of `name`, or undefined when missing. */
  lines(name: string): string[] | undefined {
    return readControlLines(this.path(name));
  }
}

type Readers = { [K in ControlName]: (c: Control) => ControlValues[K] };

const READERS: Readers = {
  me: (c) => c.me,
  badmailfrom: (c) => c.lines("badmailfrom") ?? [],
  bouncefrom: (c) => c.line("bouncefrom", "MAILER-DAEMON"),
  bouncehost: (c) => c.lineOrMe("bouncehost", "bouncehost"),
  concurrencyincoming: (c) => {
    const n = c.int("concurrencyincoming", -1);
    return n < 0 ? undefined : n;
  },
  concurrencylocal: (c) => Math.min(c.int("concurrencylocal", 10), SPAWN),
  concurrencyremote: (c) => Math.min(c.int("concurrencyremote", 20), SPAWN),
  databytes: (c) => c.int("databytes", 0),
  defaultdelivery: (c) => readControlText(c.path("defaultdelivery")),
  defaultdomain: (c) => c.lineOrMe("defaultdomain", "defaultdomain"),
  defaulthost: (c) => c.lineOrMe("defaulthost", "defaulthost"),
  doublebouncehost: (c) => c.lineOrMe("doublebouncehost", "doublebouncehost"),
  doublebounceto: (c) => c.line("doublebounceto", "postmaster"),
  envnoathost: (c) => c.lineOrMe("envnoathost", "envnoathost"),
  helohost: (c) => c.lineOrMe("helohost"),
  idhost: (c) => c.lineOrMe("idhost", "idhost"),
  localiphost: (c) => c.lineOrMe("localiphost"),
  locals: (c) => c.lines("locals") ?? (c.me === undefined ? undefined : [c.me]),
  morercpthosts: (c) => c.lines("morercpthosts"),
  percenthack: (c) => c.lines("percenthack") ?? [],
  plusdomain: (c) => c.lineOrMe("plusdomain", "plusdomain"),
  qmqpservers: (c) => c.lines("qmqpservers"),
  queuelifetime: (c) => c.int("queuelifetime", 604800),
  rcpthosts: (c) => c.lines("rcpthosts"),
  smtpgreeting: (c) => c.lineOrMe("smtpgreeting"),
  smtproutes: (c) => SmtpRoutes.parse(c.lines("smtproutes") ?? []),
  timeoutconnect: (c) => c.int("timeoutconnect", 60),
  timeoutremote: (c) => c.int("timeoutremote", 1200),
  timeoutsmtpd: (c) => Math.max(c.int("timeoutsmtpd", 1200), 1),
  virtualdomains: (c) => VirtualDomains.parse(c.lines("virtualdomains") ?? []),
};

/** The names of all typed control values. */
export const CONTROL_NAMES = Object.keys(READERS) as ControlName[];

/** One control value from `home` (reads control/me too when it is the fallback). */
export function readControl<K extends ControlName>(home: string, name: K): ControlValues[K] {
  return new Control(home).get(name);
}

/** Every control value from `home` at once (qmail-send's getcontrols, for all programs). */
export function loadControl(home: string): ControlValues {
  const c = new Control(home);
  const out: Record<string, unknown> = {};
  for (const name of CONTROL_NAMES) out[name] = c.get(name);
  return out as unknown as ControlValues;
}
