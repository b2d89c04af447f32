/**
 * sendmail's command line, translated to what qmail does instead (qmail's
 * sendmail.c, SENDMAIL.md): most invocations become a qmail-inject command
 * line plus environment changes; `-bp` lists the queue (qmail-qread), `-bs`
 * speaks SMTP on stdin/stdout (qmail-smtpd). Pure: the driver in
 * cmd/sendmail.ts applies the plan.
 *
 * @module
 */

import { getopt, problemText } from "./getopt.ts";

/** Environment changes: a value to set, or `null` to unset. */
export type EnvChanges = Record<string, string | null>;

/** What a sendmail invocation amounts to. */
export type SendmailPlan =
  | { run: "inject"; args: string[]; env: EnvChanges }
  | { run: "smtpd"; env: EnvChanges }
  | { run: "qread" }
  | { run: "fail"; code: number; message: string };

/** sendmail's usage line. */
export const SENDMAIL_USAGE =
  "sendmail: usage: sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]";

/**
 * The option letters: qmail's set (`vimte:f:p:o:B:F:EJxb:`, where `E` and `J`
 * swallow the rest of their word) plus extensions that MUAs send: `-r` (old
 * spelling of `-f`), `-N`/`-R`/`-V` (DSN requests; qmail has no DSN, ignored)
 * and `-q` (refused with a clear message instead of a usage error).
 */
const SPEC = "vimte:f:p:o:B:F:E?J?xb:r:N:R:V:q?";

/**
 * The environment `sendmail -bs` gives qmail-smtpd when it is not already
 * running under a tcpserver (PROTO unset): a trusted local client with
 * relaying allowed and no size limit.
 */
export const BS_ENV: Readonly<Record<string, string>> = {
  RELAYCLIENT: "",
  DATABYTES: "0",
  PROTO: "TCP",
  TCPLOCALIP: "127.0.0.1",
  TCPLOCALHOST: "localhost",
  TCPREMOTEIP: "127.0.0.1",
  TCPREMOTEHOST: "localhost",
  TCPREMOTEINFO: "sendmail-bs",
};

/** What the translation looks at besides the arguments. */
export interface SendmailContext {
  /** The name sendmail was called by (`mailq`, `newaliases` change its meaning). */
  progname?: string;
  /** Whether PROTO is set (then `-bs` leaves the environment alone). */
  hasProto?: boolean;
}

const NEWALIASES = "sendmail: fatal: please use fastforward/newaliases instead";
const NO_QUEUE_RUNS = "sendmail: fatal: -q is not supported: qmail-send runs the queue itself " +
  "(to retry deferred messages now, send qmail-send an ALRM signal)";

/**
 * Translates a sendmail command line.
 *
 * - `-t`: recipients from the header and the arguments (qmail-inject `-H`);
 *   otherwise only the arguments (`-a`).
 * - `-f sender`, `-r sender`: the envelope sender (qmail-inject `-f`); as in
 *   netqmail 1.05+, it also sets QMAILUSER/QMAILHOST for the From line and
 *   unsets the name and host variables, so it overrides the environment.
 * - `-F name`: the full name for the From line (MAILNAME). Unlike netqmail,
 *   an explicit `-F` survives `-f` (as in qmail 1.03, which had no `-f` rule).
 * - `-bm` is the default, `-bp` lists the queue, `-bs` runs SMTP, `-bi` and the
 *   name `newaliases` point at fastforward, any other `-b` is a usage error.
 * - `-i`, `-oi`, `-oem`, `-odb`, `-m`, `-v`, `-x`, `-e x`, `-p x`, `-B x`,
 *   `-E`, `-J`, `-N x`, `-R x`, `-V x` are ignored; qmail-inject never treats
 *   a lone dot specially and has one delivery and one error mode.
 *
 * @example
 * ```ts
 * translate(["-t", "-i", "-f", "alice@example.com"]);
 * // { run: "inject", args: ["-H", "-f", "alice@example.com", "--"],
 * //   env: { QMAILUSER: "alice", QMAILHOST: "example.com", QMAILNAME: null, ... } }
 * ```
 */
export function translate(args: string[], ctx: SendmailContext = {}): SendmailPlan {
  const parsed = getopt(args, SPEC);
  let headerRecipients = false;
  let sender: string | undefined;
  let fullName: string | undefined;
  for (const { opt, arg = "" } of parsed.options) {
    switch (opt) {
      case "t":
        headerRecipients = true;
        break;
      case "f":
      case "r":
        sender = arg;
        break;
      case "F":
        fullName = arg;
        break;
      case "q":
        return { run: "fail", code: 100, message: NO_QUEUE_RUNS };
      case "b":
        switch (arg[0]) {
          case "m":
            break;
          case "p":
            return { run: "qread" };
          case "s":
            return { run: "smtpd", env: ctx.hasProto ? {} : { ...BS_ENV } };
          case "i":
            return { run: "fail", code: 100, message: NEWALIASES };
          default:
            return usageFailure();
        }
        break;
      default:
        break; // accepted and ignored
    }
  }
  if (parsed.problem) return usageFailure(problemText("sendmail", parsed.problem));
  if (ctx.progname === "mailq") return { run: "qread" };
  if (ctx.progname === "newaliases") return { run: "fail", code: 100, message: NEWALIASES };

  const injectArgs = [headerRecipients ? "-H" : "-a"];
  const env: EnvChanges = {};
  if (fullName !== undefined) env.MAILNAME = fullName;
  if (sender !== undefined) {
    injectArgs.push("-f", sender);
    Object.assign(env, senderEnv(sender));
    if (fullName !== undefined) env.MAILNAME = fullName;
  }
  injectArgs.push("--", ...parsed.operands);
  return { run: "inject", args: injectArgs, env };
}

/**
 * The environment for an envelope sender given with `-f` (netqmail's
 * do_sender): the From line's user and host come from the address (split at
 * its last `@`), and names and hosts from the environment are dropped.
 */
export function senderEnv(sender: string): EnvChanges {
  const env: EnvChanges = {
    QMAILNAME: null,
    MAILNAME: null,
    NAME: null,
    QMAILHOST: null,
    MAILHOST: null,
  };
  const at = sender.lastIndexOf("@");
  if (at < 0) {
    env.QMAILUSER = sender;
  } else {
    env.QMAILUSER = sender.slice(0, at);
    env.QMAILHOST = sender.slice(at + 1);
  }
  return env;
}

function usageFailure(complaint?: string): SendmailPlan {
  const message = complaint ? `${complaint}\n${SENDMAIL_USAGE}` : SENDMAIL_USAGE;
  return { run: "fail", code: 100, message };
}
