/**
 * How qmail-local ends: an exit code and the text it wrote (strerr_die's
 * message plus a newline). 0 success, 100 permanent, 111 temporary.
 *
 * @module
 */

import { errorText } from "../qread/errstr.ts";

/** qmail-local stopping with `code` after printing `text` (a newline is added). */
export class LocalExit extends Error {
  constructor(readonly code: number, readonly text: string) {
    super(text);
    this.name = "LocalExit";
  }
}

/** strerr_die1x(111, text). */
export function soft(text: string): LocalExit {
  return new LocalExit(111, text);
}

/** strerr_die1x(100, text). */
export function hard(text: string): LocalExit {
  return new LocalExit(100, text);
}

/** qmail's error_str text for a failed system call. */
export { errorText };

const TEMP_CODES = new Set([
  "EINTR",
  "ENOMEM",
  "ETXTBSY",
  "EIO",
  "ETIMEDOUT",
  "EWOULDBLOCK",
  "EAGAIN",
  "EDEADLK",
  "EBUSY",
  "ENFILE",
  "EMFILE",
  "EFBIG",
  "ENOSPC",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ECONNREFUSED",
  "ECONNRESET",
  "EREMOTEIO",
  "EDQUOT",
  "ESTALE",
]);

/** qmail's error_temp: whether a system error is worth trying again later. */
export function isTempError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string") return TEMP_CODES.has(code);
  return e instanceof Deno.errors.Interrupted || e instanceof Deno.errors.TimedOut ||
    e instanceof Deno.errors.WouldBlock || e instanceof Deno.errors.Busy;
}

/** EACCES/EPERM (and sandbox denials). */
export function isPermError(e: unknown): boolean {
  return e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable;
}
