/**
 * What qmail-inject takes from its environment and control files
 * (qmail-inject(8)), resolved into one value by a pure function so the
 * rewriting can be tested without files or a real environment.
 *
 * - From: user QMAILUSER, MAILUSER, USER, LOGNAME (else `anonymous`); host
 *   QMAILHOST, MAILHOST (else none, so the default host is added); personal
 *   name QMAILNAME, MAILNAME, NAME.
 * - Envelope sender: QMAILSUSER and QMAILSHOST, else the From user and host.
 * - control/defaultdomain, defaulthost, plusdomain, idhost: each defaults to
 *   control/me, else to its own name; QMAILDEFAULTDOMAIN, QMAILDEFAULTHOST,
 *   QMAILPLUSDOMAIN, QMAILIDHOST override them.
 * - QMAILINJECT letters c, s, f, i, r, m.
 *
 * A variable set to the empty string counts as set, as in qmail.
 *
 * @module
 */

import { parseFailure } from "./errors.ts";
import type { RewriteDomains } from "./rewrite.ts";
import { tokenize } from "./token822.ts";

/** Reads an environment variable (undefined when unset). */
export type EnvLookup = (name: string) => string | undefined;

/** The control files qmail-inject reads: each its first line, or undefined when missing. */
export interface InjectControl {
  me?: string;
  defaultdomain?: string;
  defaulthost?: string;
  plusdomain?: string;
  idhost?: string;
}

/** The QMAILINJECT letters (qmail-inject(8)). */
export interface InjectFlags {
  /** c: From in address-comment style, `joe@x (Joe)`, not `"Joe" <joe@x>`. */
  nameComment: boolean;
  /** s: delete Return-Path without looking at it. */
  deleteReturnPath: boolean;
  /** f: delete an incoming From, so qmail-inject makes its own. */
  deleteFrom: boolean;
  /** i: delete an incoming Message-ID, so qmail-inject makes its own. */
  deleteMessageId: boolean;
  /** r: per-recipient VERP: the envelope sender ends in `-@[]`. */
  verpRecipient: boolean;
  /** m: per-message VERP: the time and process id go into the envelope sender. */
  verpMessage: boolean;
}

/** Everything qmail-inject's rewriting depends on besides the message and its options. */
export interface InjectConfig extends RewriteDomains {
  flags: InjectFlags;
  /** The From user name. */
  user: string;
  /** The From host, or undefined to use the default host. */
  host?: string;
  /** The personal name for From. */
  name?: string;
  /** The envelope sender's user name. */
  senderUser: string;
  /** The envelope sender's host, or undefined to use the default host. */
  senderHost?: string;
  /** The host name in Message-IDs. */
  idhost: string;
}

/** The first of `names` that is set. */
function first(env: EnvLookup, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env(n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Parses the QMAILINJECT letters; other letters are ignored. */
export function parseFlags(letters = ""): InjectFlags {
  return {
    nameComment: letters.includes("c"),
    deleteReturnPath: letters.includes("s"),
    deleteFrom: letters.includes("f"),
    deleteMessageId: letters.includes("i"),
    verpRecipient: letters.includes("r"),
    verpMessage: letters.includes("m"),
  };
}

/**
 * Resolves qmail-inject's configuration from its environment and control
 * files. Throws InjectError (exit 100) when a domain does not parse.
 *
 * @example
 * ```ts
 * const c = resolveConfig((n) => n === "USER" ? "joe" : undefined, { me: "heaven.af.mil" });
 * c.user; // "joe"
 * c.idhost; // "heaven.af.mil"
 * ```
 */
export function resolveConfig(env: EnvLookup, control: InjectControl): InjectConfig {
  const host = first(env, "QMAILHOST", "MAILHOST");
  const user = first(env, "QMAILUSER", "MAILUSER", "USER", "LOGNAME") ?? "anonymous";
  const setting = (name: keyof InjectControl, variable: string) =>
    env(variable) ?? control[name] ?? control.me ?? name;
  const domainTokens = (prefix: string, value: string) => {
    const tokens = tokenize(prefix + value);
    if (!tokens) throw parseFailure(prefix + value);
    return tokens;
  };
  return {
    flags: parseFlags(env("QMAILINJECT")),
    user,
    host,
    name: first(env, "QMAILNAME", "MAILNAME", "NAME"),
    senderUser: env("QMAILSUSER") ?? user,
    senderHost: env("QMAILSHOST") ?? host,
    defaultDomain: domainTokens(".", setting("defaultdomain", "QMAILDEFAULTDOMAIN")),
    defaultHost: domainTokens("@", setting("defaulthost", "QMAILDEFAULTHOST")),
    plusDomain: domainTokens(".", setting("plusdomain", "QMAILPLUSDOMAIN")),
    idhost: setting("idhost", "QMAILIDHOST"),
  };
}
