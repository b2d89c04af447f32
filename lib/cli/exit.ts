/**
 * Program exits that travel as exceptions, so a program running inside the
 * sandbox worker ends the whole process with its code (a worker's own
 * `Deno.exit` would end only the worker).
 *
 * @module
 */

/** Thrown to end the program with `code` after printing `message` (if any) on stderr. */
export class ExitError extends Error {
  readonly code: number;
  constructor(code: number, message = "") {
    super(message);
    this.name = "ExitError";
    this.code = code;
  }
}

/**
 * Ends the program: prints `program: message` on stderr and exits with `code`.
 *
 * @example
 * ```ts
 * die(100, "sendmail", "usage: sendmail [ -t ] [ -fsender ] [ arg ... ]");
 * ```
 */
export function die(code: number, program: string, message: string): never {
  throw new ExitError(code, `${program}: ${message}`);
}

/** Ends the program with qmail's usage convention: message on stderr, exit 100. */
export function usage(program: string, text: string): never {
  throw new ExitError(100, `${program}: usage: ${text}`);
}
