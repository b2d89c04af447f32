/**
 * qmail's control-file primitives (qmail's control.c, qmail-control(5)):
 * a missing file means "use the default"; trailing spaces, tabs and newlines
 * are stripped; list files skip blank lines and lines starting with `#`.
 *
 * @module
 */

import { bytesToLatin1 } from "../text/latin1.ts";
import { mayExist } from "./presence.ts";

/** Thrown when a control file exists but cannot be read (qmail's "unable to read controls"). */
export class ControlError extends Error {
  constructor(readonly file: string, cause: unknown) {
    super(`unable to read control file ${file}`, { cause });
    this.name = "ControlError";
  }
}

function readText(path: string): string | undefined {
  if (!mayExist(path)) return undefined;
  try {
    return bytesToLatin1(Deno.readFileSync(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new ControlError(path, e);
  }
}

function stripTrailing(s: string): string {
  return s.replace(/[ \t\n]+$/, "");
}

/** The first line of `path` without trailing white space, or undefined if the file is missing. */
export function readControlLine(path: string): string | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  const nl = text.indexOf("\n");
  return stripTrailing(nl < 0 ? text : text.slice(0, nl + 1));
}

/**
 * The first line of `path` as an unsigned integer, or undefined if the file is
 * missing or does not start with a digit (qmail's control_readint).
 */
export function readControlInt(path: string): number | undefined {
  const line = readControlLine(path);
  const m = line === undefined ? null : /^\d+/.exec(line);
  return m ? Number(m[0]) : undefined;
}

/**
 * Every line of `path` without trailing white space, skipping blank lines and
 * comments, or undefined if the file is missing (qmail's control_readfile).
 */
export function readControlLines(path: string): string[] | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  return text.split("\n").map(stripTrailing).filter((l) => l !== "" && !l.startsWith("#"));
}

/**
 * The whole of `path` with trailing white space removed, or undefined if the
 * file is missing: what a shell's `` `cat file` `` gives, as the rc scripts
 * use for control/defaultdelivery (which may hold several .qmail lines).
 */
export function readControlText(path: string): string | undefined {
  const text = readText(path);
  return text === undefined ? undefined : stripTrailing(text);
}
