/**
 * rblsmtpd's command line: `rblsmtpd [ -bBcC ] [ -t timeout ] [ -r base ]
 * [ -a base ] smtpd [ arg ... ]`. As in rblsmtpd, each `-r`/`-a` source is
 * consulted with the `-b`/`-c` settings given before it on the line, and the
 * sources are tried in order until one decides. Debian's rblsmtpd has no
 * default source (the original's rbl.maps.vix.com is long gone), so neither
 * does this one.
 *
 * @module
 */

import { getopt, GetoptError, scanUlong } from "../net/getopt.ts";

/** One `-r` (listing) or `-a` (anti-listing) source. */
export interface RblSource {
  kind: "rbl" | "anti";
  base: string;
  /** -b in effect: a listing gets 553 rather than 451. */
  bounce: boolean;
  /** -c in effect: a temporary lookup failure counts against the client. */
  failClosed: boolean;
}

/** The parsed command line. */
export interface RblOptions {
  sources: RblSource[];
  /** -t: seconds the limited SMTP conversation may last (0: one reply, no dialogue). */
  timeout: number;
  /** The SMTP server to run when the client is not blocked. */
  program: string[];
}

/** rblsmtpd's usage line (exit 100). */
export const RBL_USAGE =
  "rblsmtpd [ -b ] [ -R ] [ -t timeout ] [ -r base ] [ -a base ] smtpd [ arg ... ]";

/** A command line rblsmtpd rejects. */
export class RblUsageError extends Error {
  constructor(cause?: unknown) {
    super(`usage: ${RBL_USAGE}`, cause === undefined ? undefined : { cause });
    this.name = "RblUsageError";
  }
}

/**
 * Parses rblsmtpd's arguments. Throws RblUsageError for an unknown option or
 * a missing program.
 *
 * @example
 * ```ts
 * parseRblArgs(["-r", "zen.example", "qmail-smtpd"]).program; // ["qmail-smtpd"]
 * ```
 */
export function parseRblArgs(args: string[]): RblOptions {
  let parsed;
  try {
    parsed = getopt(args, "bBcCt:r:a:");
  } catch (e) {
    if (e instanceof GetoptError) throw new RblUsageError(e);
    throw e;
  }
  let bounce = false;
  let failClosed = false;
  const opts: RblOptions = { sources: [], timeout: 60, program: parsed.rest };
  for (const { letter, value } of parsed.options) {
    if (letter === "b") bounce = true;
    if (letter === "B") bounce = false;
    if (letter === "c") failClosed = true;
    if (letter === "C") failClosed = false;
    if (letter === "t") opts.timeout = scanUlong(value!);
    if (letter === "r" || letter === "a") {
      opts.sources.push({
        kind: letter === "r" ? "rbl" : "anti",
        base: value!,
        bounce,
        failClosed,
      });
    }
  }
  if (opts.program.length === 0) throw new RblUsageError();
  return opts;
}

/** The program rblsmtpd runs after its options, or undefined for a bad command line. */
export function rblProgram(args: string[]): string[] | undefined {
  try {
    return parseRblArgs(args).program;
  } catch {
    return undefined;
  }
}
