/**
 * Quoting the local part of an address with as little quoting as possible
 * (qmail's quote.c): `joe@x` stays, `joe q@x` becomes `"joe q"@x`. Bytes
 * above 127 are quoted but not otherwise encoded.
 *
 * @module
 */

/** Characters a local part may hold unquoted: printable ASCII except `"(),:;<>@[\]` and space. */
const OK = /^[!#-'*+\-./0-9=?A-Z^-~]*$/;

/**
 * Whether a local part needs quoting: it is empty, holds a character outside
 * the safe set, or starts or ends with a dot or has two dots in a row.
 *
 * @example
 * ```ts
 * quoteNeed("joe.q"); // false
 * quoteNeed("joe..q"); // true
 * ```
 */
export function quoteNeed(s: string): boolean {
  if (!s) return true;
  if (!OK.test(s)) return true;
  return s.startsWith(".") || s.endsWith(".") || s.includes("..");
}

/**
 * `s` as a quoted string when it needs quoting (CR, LF, `"` and `\` escaped
 * with a backslash), else unchanged.
 *
 * @example
 * ```ts
 * quote('a"b'); // '"a\\"b"'
 * ```
 */
export function quote(s: string): string {
  if (!quoteNeed(s)) return s;
  return `"${s.replace(/[\r\n"\\]/g, (c) => "\\" + c)}"`;
}

/**
 * An address with its local part (before the last `@`) quoted as needed
 * (qmail's quote2); the empty address stays empty.
 *
 * @example
 * ```ts
 * quote2("joe q@x"); // '"joe q"@x'
 * ```
 */
export function quote2(address: string): string {
  if (!address) return address;
  const at = address.lastIndexOf("@");
  if (at < 0) return quote(address);
  return quote(address.slice(0, at)) + address.slice(at);
}
