/**
 * qmail-users(5): the `users/assign` file and the records qmail-newu(8)
 * compiles it into. Pure: text in, cdb records out.
 *
 * users/cdb holds, for `=local:user:uid:gid:homedir:dash:ext:`, the key
 * `!local\0` (lowercased) and for `+loc:user:uid:gid:homedir:dash:pre:` the
 * key `!loc`; the value is `user\0uid\0gid\0homedir\0dash\0ext` (the six
 * fields, colons turned into NULs, anything after the sixth colon dropped).
 * The empty key holds the wildcard characters: the last character of every
 * wildcard `loc` (qmail-lspawn tries a wildcard prefix only when it ends in
 * one of them).
 *
 * @module
 */

import { asciiLower } from "../control/constmap.ts";

/** qmail-newu's complaint about users/assign (it exits 111 and leaves users/cdb alone). */
export class AssignFormatError extends Error {
  constructor(readonly line: number) {
    super("bad format in users/assign");
    this.name = "AssignFormatError";
  }
}

/** What users/cdb holds: records in file order, then the wildcard characters. */
export interface CompiledAssign {
  records: [string, string][];
  wildchars: string;
}

/**
 * Compiles users/assign text (latin1) the way qmail-newu does: lines up to
 * one starting with `.`; every line must end in a newline, hold no NUL, and
 * have a non-empty local part and at least six colons after it.
 *
 * @example
 * ```ts
 * compileAssign("=joe:joe:503:78:/home/joe:::\n.\n").records;
 * // [["!joe\0", "joe\0503\078\0/home/joe\0\0"]]
 * ```
 */
export function compileAssign(text: string): CompiledAssign {
  const records: [string, string][] = [];
  let wildchars = "";
  let pos = 0;
  for (let n = 1;; n++) {
    if (pos >= text.length) throw new AssignFormatError(n); // no final "." line
    const nl = text.indexOf("\n", pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl);
    if (line.startsWith(".")) break;
    if (nl < 0) throw new AssignFormatError(n);
    pos = nl + 1;
    if (line.includes("\0")) throw new AssignFormatError(n);
    const i = line.indexOf(":");
    if (i <= 0) throw new AssignFormatError(n);
    let key = "!" + asciiLower(line.slice(1, i));
    if (line[0] === "+") {
      const last = line[i - 1];
      if (i >= 2 && !wildchars.includes(last)) wildchars += last;
    } else {
      key += "\0";
    }
    const fields = line.slice(i + 1).split(":");
    if (fields.length < 7) throw new AssignFormatError(n);
    records.push([key, fields.slice(0, 6).join("\0")]);
  }
  return { records, wildchars };
}
