/**
 * qmail-inject's fatal errors: each carries the exit code (100 permanent,
 * 111 temporary; qmail-inject(8)) and the text printed after
 * `qmail-inject: fatal: `.
 *
 * @module
 */

/** A fatal qmail-inject error. */
export class InjectError extends Error {
  /** 100 for bad usage or a severe syntax error, 111 for a temporary failure. */
  readonly code: 100 | 111;
  constructor(code: 100 | 111, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InjectError";
    this.code = code;
  }
}

/**
 * qmail-inject's "unable to parse this line:" followed by the line (a header
 * field, the -f argument, or a domain built from a control file).
 *
 * @example
 * ```ts
 * parseFailure("From: (joe\n").message; // "unable to parse this line:\nFrom: (joe"
 * ```
 */
export function parseFailure(line: string): InjectError {
  return new InjectError(100, `unable to parse this line:\n${line.replace(/\n$/, "")}`);
}
