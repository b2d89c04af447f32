/**
 * qmail-pw2u(8): turns a V7 passwd file into users/assign lines, following
 * qmail-getpw's rules (skip uid 0, uppercase names, homes that are missing or
 * not the user's) as changed by the options and the files users/include,
 * users/exclude, users/mailnames, users/subusers and users/append. Pure: the
 * caller supplies the files' contents and a way to stat home directories.
 *
 * @module
 */

import { ConstMap } from "../control/constmap.ts";

/** qmail-pw2u's options. */
export interface Pw2uOptions {
  /** 2 (-o, default): skip missing homes; 1 (-h): stop; 0 (-H): don't look. */
  homeStrategy: 0 | 1 | 2;
  /** -U (default): skip names with uppercase letters; -u allows them. */
  noUpper: boolean;
  /** The user-extension delimiter (-c); "" disables extensions (-C). */
  brk: string;
  /** "-:" normally; "-/:" with -/ (home/.qmail-/...). */
  dashColon: string;
}

/** The defaults of qmail-pw2u with no options. */
export const PW2U_DEFAULTS: Pw2uOptions = {
  homeStrategy: 2,
  noUpper: true,
  brk: "-",
  dashColon: "-:",
};

/** The files of QMAILHOME/users that qmail-pw2u reads (undefined: absent). */
export interface Pw2uFiles {
  /** control_readfile lines of users/include, users/exclude, users/mailnames. */
  include?: string[];
  exclude?: string[];
  mailnames?: string[];
  /** Raw text of users/subusers and users/append. */
  subusers?: string;
  append?: string;
}

/** What qmail-pw2u dies of (exit 111, `qmail-pw2u: fatal: <message>`). */
export class Pw2uError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Pw2uError";
  }
}

/** stat(home): the owner uid, "missing" for ENOENT; throws for any other error. */
export type HomeOwner = (home: string) => number | "missing";

/** Parses qmail-pw2u's command line (getopt "/ohHuUc:C"); undefined means exit 100. */
export function parsePw2uArgs(args: string[]): Pw2uOptions | undefined {
  const o = { ...PW2U_DEFAULTS };
  for (let a = 0; a < args.length; a++) {
    const arg = args[a];
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") break;
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j];
      if (c === "/") o.dashColon = "-/:";
      else if (c === "o") o.homeStrategy = 2;
      else if (c === "h") o.homeStrategy = 1;
      else if (c === "H") o.homeStrategy = 0;
      else if (c === "u") o.noUpper = false;
      else if (c === "U") o.noUpper = true;
      else if (c === "C") o.brk = "";
      else if (c === "c") {
        const v = j + 1 < arg.length ? arg.slice(j + 1) : args[++a];
        if (v === undefined) return undefined;
        o.brk = v.slice(0, 1);
        break;
      } else return undefined;
    }
  }
  return o;
}

/**
 * Builds users/assign text from passwd text (both latin1). `alias` is the
 * alias user's account name (conf-users). Throws Pw2uError.
 *
 * @example
 * ```ts
 * pw2u("joe:x:503:78::/home/joe:/bin/sh\nalias:x:7790:2108::/var/qmail/alias:/bin/true\n",
 *   PW2U_DEFAULTS, {}, () => 0, "alias");
 * ```
 */
export function pw2u(
  passwd: string,
  o: Pw2uOptions,
  files: Pw2uFiles,
  owner: HomeOwner,
  alias: string,
): string {
  const include = files.include && ConstMap.fromLines(files.include);
  const exclude = files.exclude && ConstMap.fromLines(files.exclude);
  const mailnames = files.mailnames && ConstMap.fromLines(files.mailnames, true);
  const users: string[] = []; // "user:" + uugh, for subusers
  let out = "";
  let sawAlias = false;

  for (const line of lines(passwd)) {
    if (line.includes("\0")) continue;
    const f = line.split(":");
    if (f.length < 7) continue;
    const [user, , uidStr, gidStr, , home] = f;
    const uid = Number(/^\d*/.exec(uidStr)![0] || 0);
    if (!uid) continue;
    if (o.noUpper && /[A-Z]/.test(user)) continue;
    if (include && !include.has(user)) continue;
    if (exclude?.has(user)) continue;
    if (o.homeStrategy) {
      let who: number | "missing";
      try {
        who = owner(home);
      } catch {
        throw new Pw2uError(`unable to stat ${home}`);
      }
      if (who === "missing") {
        if (o.homeStrategy === 1) throw new Pw2uError(`unable to stat ${home}`);
        continue;
      }
      if (who !== uid) continue;
    }
    const uugh = `:${user}:${uidStr}:${gidStr}:${home}:`;
    users.push(`${user}:${uugh}`);
    if (user === alias) {
      out += `+${uugh}${o.dashColon}:\n`;
      sawAlias = true;
    }
    for (const name of (mailnames?.get(user) ?? user).split(":")) {
      if (!name) continue;
      out += `=${name}${uugh}::\n`;
      if (o.brk) out += `+${name}${o.brk}${uugh}${o.dashColon}:\n`;
    }
  }
  if (!sawAlias) throw new Pw2uError(`unable to find ${alias} user`);

  if (files.subusers !== undefined) {
    const map = ConstMap.fromLines(users, true);
    for (const line of lines(files.subusers)) {
      const f = line.split(":");
      if (f.length < 3) continue;
      const [sub, user] = f;
      const u = map.get(user);
      if (u === undefined) throw new Pw2uError(`unable to find ${user} user for subuser`);
      if (f.length < 4) continue;
      const pre = f[2];
      out += `=${sub}${u}${o.dashColon}${pre}:\n`;
      if (o.brk) out += `+${sub}${o.brk}${u}${o.dashColon}${pre}-:\n`;
    }
  }
  if (files.append !== undefined) out += files.append;
  return out + ".\n";
}

/** getln's lines: split at newlines, the newline dropped; a final partial line counts. */
function lines(text: string): string[] {
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}
