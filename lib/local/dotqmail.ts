/**
 * dot-qmail(5) as qmail-local reads it: which `.qmail` files are tried for an
 * address extension, and what each line of one means. Pure.
 *
 * @module
 */

import { asciiLower } from "../control/constmap.ts";

/** One line of a .qmail file, trailing spaces and tabs removed. */
export type DotQmailLine =
  | { kind: "blank"; first: boolean }
  | { kind: "comment" }
  | { kind: "program"; command: string }
  | { kind: "forward"; address: string }
  | { kind: "mbox"; path: string }
  | { kind: "maildir"; path: string }
  /** `+list` makes the rest of the file forward-only (notqmail); other `+` lines are ignored. */
  | { kind: "plus"; list: boolean };

/**
 * Splits .qmail text into instructions the way qmail-local does. The caller
 * substitutes the default delivery for an empty file before calling.
 *
 * @example
 * ```ts
 * parseDotQmail("|preline procmail\n&me@new.job.com\n./Maildir/\n").map((l) => l.kind);
 * // ["program", "forward", "maildir"]
 * ```
 */
export function parseDotQmail(text: string): DotQmailLine[] {
  if (!text.endsWith("\n")) text += "\n";
  const raw = text.split("\n");
  raw.pop();
  return raw.map((line, n) => classify(line.replace(/[ \t]+$/, ""), n === 0));
}

function classify(line: string, first: boolean): DotQmailLine {
  switch (line[0]) {
    case undefined:
      return { kind: "blank", first };
    case "#":
      return { kind: "comment" };
    case ".":
    case "/":
      return line.endsWith("/") ? { kind: "maildir", path: line } : { kind: "mbox", path: line };
    case "|":
      return { kind: "program", command: line.slice(1) };
    case "+":
      return { kind: "plus", list: line === "+list" };
    case "&":
      return { kind: "forward", address: line.slice(1) };
    default:
      return { kind: "forward", address: line };
  }
}

/** qmail-local's safeext: the extension lowercased, dots turned into colons. */
export function safeExt(ext: string): string {
  return asciiLower(ext).replaceAll(".", ":");
}

/** A .qmail file to try, and the DEFAULT it sets when it is the one used. */
export interface Candidate {
  name: string;
  /** The part of ext the `default` stands for (undefined: DEFAULT stays unset). */
  default?: string;
}

/**
 * The .qmail files qmail-local tries, in order (qmesearch): `.qmail<dash><ext>`,
 * then `-default` files from the most specific: for ext `foo-bar`,
 * `.qmail-foo-bar`, `.qmail-foo-default`, `.qmail-default`.
 */
export function candidates(dash: string, ext: string): Candidate[] {
  const safe = safeExt(ext);
  const exact: Candidate = { name: `.qmail${dash}${safe}` };
  if (safe.length >= 7 && safe.endsWith("default") && safe.length - 7 <= ext.length) {
    exact.default = ext.slice(safe.length - 7);
  }
  const out = [exact];
  for (let i = safe.length; i >= 0; i--) {
    if (i !== 0 && safe[i - 1] !== "-") continue;
    out.push({
      name: `.qmail${dash}${safe.slice(0, i)}default`,
      default: i <= ext.length ? ext.slice(i) : undefined,
    });
  }
  return out;
}

/** The -owner files (qmeox): `.qmail<dash><safeext>-owner` and `-owner-default`. */
export function ownerFiles(dash: string, ext: string): { owner: string; verp: string } {
  const base = `.qmail${dash}${safeExt(ext)}`;
  return { owner: `${base}-owner`, verp: `${base}-owner-default` };
}

/**
 * The envelope sender for forwarded mail (NEWSENDER, qmail-local's ueo): the
 * original sender, unless an -owner file exists (then `local-owner@host`, or
 * with -owner-default the VERP form `local-owner-@host-@[]`). Bounces (empty
 * sender or `#@[]`) keep their sender.
 */
export function newSender(
  sender: string,
  local: string,
  host: string,
  has: { owner: boolean; verp: boolean },
): string {
  if (sender === "" || sender === "#@[]" || !has.owner) return sender;
  return has.verp ? `${local}-owner-@${host}-@[]` : `${local}-owner@${host}`;
}
