/**
 * Every control file qmail knows (qmail-control(5)), plus the two the
 * install guides add (concurrencyincoming, defaultdelivery): its kind, its
 * default, the programs that read it, and what it means. qmail-showctl and
 * the docs are generated from this table; the typed values are read by
 * control.ts.
 *
 * Kinds follow qmail's control.c:
 * - `line`: the first line, trailing spaces/tabs removed (control_readline);
 * - `int`: a line starting with a digit, else the default (control_readint);
 * - `lines`: every line, blank lines and `#` comments skipped (control_readfile);
 * - `text`: the whole file, trailing white space removed (a shell's `cat`);
 * - `cdb`: a constant database compiled from another control file.
 *
 * @module
 */

/** How a control file is read. */
export type ControlKind = "line" | "int" | "lines" | "text" | "cdb";

/** One row of the control-file table. */
export interface ControlFileSpec {
  /** File name under QMAILHOME/control. */
  name: string;
  kind: ControlKind;
  /** The default when the file is missing, as qmail-control(5) states it. */
  defaultText: string;
  /** The programs that read it. */
  usedBy: readonly string[];
  /** One line on what it means. */
  meaning: string;
}

/** The control-file table, in alphabetical order (as qmail-showctl lists them). */
export const CONTROL_FILES: readonly ControlFileSpec[] = [
  {
    name: "badmailfrom",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-smtpd"],
    meaning: "envelope senders refused at MAIL FROM; @host refuses every address at host",
  },
  {
    name: "bouncefrom",
    kind: "line",
    defaultText: "MAILER-DAEMON",
    usedBy: ["qmail-send"],
    meaning: "user name in the From: of bounce messages",
  },
  {
    name: "bouncehost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-send"],
    meaning: "host name in the From: of bounce messages",
  },
  {
    name: "concurrencyincoming",
    kind: "int",
    defaultText: "(none)",
    usedBy: ["qmail-smtpd"],
    meaning: "most simultaneous incoming SMTP connections (an install-guide convention)",
  },
  {
    name: "concurrencylocal",
    kind: "int",
    defaultText: "10",
    usedBy: ["qmail-send"],
    meaning: "most simultaneous local deliveries (0 holds them; at most 120)",
  },
  {
    name: "concurrencyremote",
    kind: "int",
    defaultText: "20",
    usedBy: ["qmail-send"],
    meaning: "most simultaneous remote deliveries (0 holds them; at most 120)",
  },
  {
    name: "databytes",
    kind: "int",
    defaultText: "0",
    usedBy: ["qmail-smtpd", "qmail-qmtpd"],
    meaning: "largest message accepted, in bytes (0: no limit; env DATABYTES overrides)",
  },
  {
    name: "defaultdelivery",
    kind: "text",
    defaultText: "(none)",
    usedBy: ["qmail-start"],
    meaning: "delivery instructions for users without a .qmail file (the rc script's argument)",
  },
  {
    name: "defaultdomain",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-inject"],
    meaning: "domain added to a host name without dots",
  },
  {
    name: "defaulthost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-inject"],
    meaning: "host added to an address without @",
  },
  {
    name: "doublebouncehost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-send"],
    meaning: "host of the address double bounces go to",
  },
  {
    name: "doublebounceto",
    kind: "line",
    defaultText: "postmaster",
    usedBy: ["qmail-send"],
    meaning: "user double bounces go to",
  },
  {
    name: "envnoathost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-send"],
    meaning: "domain added to an envelope recipient without @",
  },
  {
    name: "helohost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-remote"],
    meaning: "host name qmail-remote gives in HELO",
  },
  {
    name: "idhost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-inject"],
    meaning: "host name in the Message-IDs qmail-inject makes",
  },
  {
    name: "localiphost",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-smtpd"],
    meaning: "name that replaces a [literal] of one of this host's IP addresses",
  },
  {
    name: "locals",
    kind: "lines",
    defaultText: "me",
    usedBy: ["qmail-send"],
    meaning: "domains delivered locally",
  },
  {
    name: "me",
    kind: "line",
    defaultText: "(none)",
    usedBy: ["qmail-send", "qmail-smtpd", "qmail-remote", "qmail-inject"],
    meaning: "this host's fully-qualified name; the default of many other files",
  },
  {
    name: "morercpthosts",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-newmrh"],
    meaning: "more allowed recipient domains, compiled by qmail-newmrh",
  },
  {
    name: "morercpthosts.cdb",
    kind: "cdb",
    defaultText: "(none)",
    usedBy: ["qmail-smtpd", "qmail-qmtpd"],
    meaning: "morercpthosts in cdb form, consulted after rcpthosts",
  },
  {
    name: "percenthack",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-send"],
    meaning: "domains where user%host@domain is rewritten to user@host",
  },
  {
    name: "plusdomain",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-inject"],
    meaning: "domain that replaces a trailing + in a host name",
  },
  {
    name: "qmqpservers",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-qmqpc"],
    meaning: "IP addresses of QMQP servers, tried in order",
  },
  {
    name: "queuelifetime",
    kind: "int",
    defaultText: "604800",
    usedBy: ["qmail-send"],
    meaning: "seconds a message may stay in the queue before it bounces",
  },
  {
    name: "rcpthosts",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-smtpd", "qmail-qmtpd"],
    meaning: "recipient domains SMTP clients may send to (.suffix for subdomains)",
  },
  {
    name: "smtpgreeting",
    kind: "line",
    defaultText: "me",
    usedBy: ["qmail-smtpd"],
    meaning: "text of the 220 greeting; its first word should be this host's name",
  },
  {
    name: "smtproutes",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-remote"],
    meaning: "artificial SMTP routes: domain:relay[:port], .suffix and empty wildcards",
  },
  {
    name: "timeoutconnect",
    kind: "int",
    defaultText: "60",
    usedBy: ["qmail-remote"],
    meaning: "seconds qmail-remote waits for a connection",
  },
  {
    name: "timeoutremote",
    kind: "int",
    defaultText: "1200",
    usedBy: ["qmail-remote"],
    meaning: "seconds qmail-remote waits for each reply",
  },
  {
    name: "timeoutsmtpd",
    kind: "int",
    defaultText: "1200",
    usedBy: ["qmail-smtpd"],
    meaning: "seconds qmail-smtpd waits for each read from the client",
  },
  {
    name: "virtualdomains",
    kind: "lines",
    defaultText: "(none)",
    usedBy: ["qmail-send"],
    meaning: "virtual users and domains: key:prepend delivers locally as prepend-address",
  },
];

/** The spec of control file `name`, or undefined for a file qmail does not know. */
export function controlFileSpec(name: string): ControlFileSpec | undefined {
  return CONTROL_FILES.find((f) => f.name === name);
}
