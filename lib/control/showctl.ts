/**
 * The control-file part of qmail-showctl(8): every control file qmail knows,
 * in table order, with what its value means, "(Default.)" when the file is
 * missing, then every other file in control/ as unknown. Texts follow
 * qmail-showctl's layout (`name: text.`, lists one item per line) in this
 * project's own words. Bytes outside printable ASCII show as `?`.
 *
 * @module
 */

import { SPAWN } from "./compiled.ts";
import { Control } from "./control.ts";
import { CONTROL_FILES } from "./files.ts";
import { moreRcptHostsKeys } from "./morercpthosts.ts";
import { Cdb } from "../cdb/reader.ts";
import { readControlInt, readControlLine, readControlLines, readControlText } from "./read.ts";

/** qmail-showctl's safeput: anything but printable ASCII becomes `?`. */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?");
}

type Show = (c: Control) => string;

/** A one-line file: its sentence, or "(Default.)" and the sentence of the default. */
function line(name: string, say: (v: string) => string, missing: (c: Control) => string): Show {
  return (c) => {
    const v = readControlLine(c.path(name));
    return v === undefined ? `(Default.) ${missing(c)}\n` : `${say(printable(v))}\n`;
  };
}

/** A line that defaults to me, else to `literal` (or to `noMe` when programs refuse). */
function lineMe(name: string, say: (v: string) => string, noMe: string): Show {
  return line(name, say, (c) => (c.me === undefined ? noMe : say(printable(c.me))));
}

function int(name: string, def: number | undefined, say: (n: number) => string, none = ""): Show {
  return (c) => {
    const n = readControlInt(c.path(name));
    if (n !== undefined) return `${say(n)}\n`;
    return `(Default.) ${def === undefined ? none : say(def)}\n`;
  };
}

/** A list file: its items one per line, or "(Default.)" and `missing`. */
function list(name: string, item: (l: string) => string, missing: (c: Control) => string): Show {
  return (c) => {
    const lines = readControlLines(c.path(name));
    if (lines === undefined) return `(Default.) ${missing(c)}\n`;
    return `\n${lines.map((l) => `${item(printable(l))}\n`).join("")}`;
  };
}

function concurrency(kind: string): (n: number) => string {
  return (n) =>
    `Up to ${n} ${kind} deliveries at once.` +
    (n > SPAWN ? ` qmail-send caps this at ${SPAWN}.` : "") +
    (n === 0 ? ` ${kind[0].toUpperCase()}${kind.slice(1)} deliveries are on hold.` : "");
}

function moreRcptHosts(c: Control): string {
  const hasRcpthosts = readControlLines(c.path("rcpthosts")) !== undefined;
  return hasRcpthosts
    ? list(
      "morercpthosts",
      (l) => `SMTP clients may also send to recipients at ${l}.`,
      () => "No extra recipient domains.",
    )(c)
    : list(
      "morercpthosts",
      (l) => `Listed, but without rcpthosts it changes nothing: ${l}.`,
      () => "Without rcpthosts this file would change nothing anyway.",
    )(c);
}

function stat(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Compares morercpthosts.cdb with what qmail-newmrh would make of morercpthosts now. */
function moreRcptHostsCdb(c: Control): string {
  const text = stat(c.path("morercpthosts"));
  const cdb = stat(c.path("morercpthosts.cdb"));
  if (!text && !cdb) return "(Default.) No extra recipient domains.\n";
  if (!text) return "Oops! There is a morercpthosts.cdb but no morercpthosts to make it from.\n";
  if (!cdb) return "Oops! morercpthosts was never compiled: run qmail-newmrh.\n";
  const want = new Set(
    moreRcptHostsKeys(Deno.readFileSync(c.path("morercpthosts"))).map((k) => k.join(",")),
  );
  const have = new Set<string>();
  using db = Cdb.openSync(c.path("morercpthosts.cdb"));
  for (const [k] of db) have.add(k.join(","));
  const same = want.size === have.size && [...want].every((k) => have.has(k));
  return same
    ? `Up to date with morercpthosts (${have.size} domains).\n`
    : "Oops! morercpthosts.cdb does not match morercpthosts: run qmail-newmrh.\n";
}

/** What each known control file says, by name. */
const SHOW: Record<string, Show> = {
  badmailfrom: list(
    "badmailfrom",
    (l) => `Refused as envelope sender: ${l}.`,
    () => "Every envelope sender is accepted.",
  ),
  bouncefrom: line(
    "bouncefrom",
    (v) => `Bounces are from user ${v}.`,
    () => "Bounces are from user MAILER-DAEMON.",
  ),
  bouncehost: lineMe(
    "bouncehost",
    (v) => `Bounces are from host ${v}.`,
    "Bounces are from host bouncehost (set me!).",
  ),
  concurrencyincoming: int(
    "concurrencyincoming",
    undefined,
    (n) => `Up to ${n} incoming SMTP connections at once.`,
    "No limit set here; the SMTP listener uses its own.",
  ),
  concurrencylocal: int("concurrencylocal", 10, concurrency("local")),
  concurrencyremote: int("concurrencyremote", 20, concurrency("remote")),
  databytes: int(
    "databytes",
    0,
    (
      n,
    ) => (n === 0
      ? "SMTP accepts messages of any size."
      : `SMTP refuses messages over ${n} bytes.`),
  ),
  defaultdelivery: (c) => {
    const v = readControlText(c.path("defaultdelivery"));
    if (v === undefined) return "(Default.) Not set; the delivery given to qmail-start applies.\n";
    return `\n${
      v.split("\n").map((l) => `Delivery for users without .qmail: ${printable(l)}\n`).join("")
    }`;
  },
  defaultdomain: lineMe(
    "defaultdomain",
    (v) => `Host names without a dot get .${v} added.`,
    "Host names without a dot get .defaultdomain added (set me!).",
  ),
  defaulthost: lineMe(
    "defaulthost",
    (v) => `Addresses without @ get @${v} added.`,
    "Addresses without @ get @defaulthost added (set me!).",
  ),
  doublebouncehost: lineMe(
    "doublebouncehost",
    (v) => `Double bounces go to host ${v}.`,
    "Double bounces go to host doublebouncehost (set me!).",
  ),
  doublebounceto: line(
    "doublebounceto",
    (v) => `Double bounces go to user ${v}.`,
    () => "Double bounces go to user postmaster.",
  ),
  envnoathost: lineMe(
    "envnoathost",
    (v) => `Envelope recipients without @ are taken to be at ${v}.`,
    "Envelope recipients without @ are taken to be at envnoathost (set me!).",
  ),
  helohost: lineMe(
    "helohost",
    (v) => `qmail-remote says HELO ${v}.`,
    "Neither helohost nor me is set: qmail-remote will not run.",
  ),
  idhost: lineMe(
    "idhost",
    (v) => `Message-IDs end in @${v}.`,
    "Message-IDs end in @idhost (set me!).",
  ),
  localiphost: lineMe(
    "localiphost",
    (v) => `Recipients at this host's [IP address] become recipients at ${v}.`,
    "Neither localiphost nor me is set: [IP address] recipients are left as they are.",
  ),
  locals: list(
    "locals",
    (l) => `Delivered here: mail for ${l}.`,
    (c) =>
      c.me === undefined
        ? "Neither locals nor me is set: qmail-send will not start."
        : `Delivered here: mail for ${printable(c.me)}.`,
  ),
  me: line("me", (v) => `This host is ${v}.`, () => "Not set! Many defaults need it."),
  morercpthosts: moreRcptHosts,
  "morercpthosts.cdb": moreRcptHostsCdb,
  percenthack: list(
    "percenthack",
    (l) => `user%host@${l} is rewritten to user@host.`,
    () => "No domain gets the percent hack.",
  ),
  plusdomain: lineMe(
    "plusdomain",
    (v) => `A trailing + in a host name becomes .${v}.`,
    "A trailing + in a host name becomes .plusdomain (set me!).",
  ),
  qmqpservers: list(
    "qmqpservers",
    (l) => `QMQP server: ${l}.`,
    () => "None: qmail-qmqpc will not run.",
  ),
  queuelifetime: int(
    "queuelifetime",
    604800,
    (n) => `Messages may stay in the queue for ${n} seconds.`,
  ),
  rcpthosts: list(
    "rcpthosts",
    (l) => `SMTP clients may send to recipients at ${l}.`,
    () => "Missing: SMTP clients may send to any recipient (an open relay).",
  ),
  smtpgreeting: lineMe(
    "smtpgreeting",
    (v) => `qmail-smtpd greets with 220 ${v}.`,
    "Neither smtpgreeting nor me is set: qmail-smtpd will not run.",
  ),
  smtproutes: list(
    "smtproutes",
    (l) => `SMTP route: ${l}.`,
    () => "Every domain by its MX records.",
  ),
  timeoutconnect: int(
    "timeoutconnect",
    60,
    (n) => `qmail-remote waits ${n} seconds for a connection.`,
  ),
  timeoutremote: int(
    "timeoutremote",
    1200,
    (n) => `qmail-remote waits ${n} seconds for each reply.`,
  ),
  timeoutsmtpd: int(
    "timeoutsmtpd",
    1200,
    (n) => `qmail-smtpd waits ${n} seconds for each read from a client.`,
  ),
  virtualdomains: list(
    "virtualdomains",
    (l) => `Virtual domain or user: ${l}.`,
    () => "No virtual domains.",
  ),
};

/** The names SHOW covers (for tests: every known control file). */
export const SHOWN_FILES: readonly string[] = Object.keys(SHOW);

/** One control file's block: a blank line, `name: ` and its text. */
function block(c: Control, name: string): string {
  let text: string;
  try {
    text = SHOW[name](c);
  } catch {
    text = "Oops! Unable to read this file.\n";
  }
  return `\n${name}: ${text}`;
}

/**
 * The control section of qmail-showctl for `home`: every known file, then
 * the unknown ones in name order. `names` lists control/'s entries.
 */
export function showControls(home: string, names: readonly string[]): string {
  const c = new Control(home);
  let out = "";
  for (const f of CONTROL_FILES) out += block(c, f.name);
  const known = new Set(CONTROL_FILES.map((f) => f.name));
  for (const name of [...names].sort()) {
    if (!known.has(name)) {
      out += `\n${printable(name)}: No qmail program is known to read this file.\n`;
    }
  }
  return out;
}
