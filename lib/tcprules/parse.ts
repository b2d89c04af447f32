/**
 * tcprules(1)'s rule syntax, compiled to the cdb records ucspi-tcp's
 * tcpserver reads. A rule is `address:instructions`: the instructions begin
 * with `allow` or `deny` and may continue with `,VAR="value"` (any repeated
 * character may quote the value). Lines beginning with `#`, empty lines and
 * lines without a colon are skipped; trailing blanks are ignored. The record
 * for a rule has the address as key and, as value, `D\0` for deny followed by
 * `+VAR=value\0` for each variable, byte for byte what ucspi-tcp 0.88 writes.
 * `a.b.c.x-y` (and `a.x-y.`) ranges become one record per number.
 *
 * Beyond 0.88: an IPv6 address contains colons, so when the first colon is not
 * followed by `allow` or `deny`, a later colon that is separates the address
 * (0.88 rejects such lines, so every file it accepts means the same here).
 *
 * Strings here hold one byte per character (latin1), so any byte survives.
 *
 * @module
 */

/** One cdb record: address key and instruction data, latin1 strings. */
export interface RuleRecord {
  key: string;
  data: string;
}

/** A line tcprules cannot parse; `line` is the line without trailing blanks. */
export class RuleSyntaxError extends Error {
  readonly line: string;
  constructor(line: string) {
    super(`unable to parse this line: ${line}`);
    this.name = "RuleSyntaxError";
    this.line = line;
  }
}

/**
 * The records of a whole rules file, in order (repeated keys stay: tcpserver
 * follows the first). Throws RuleSyntaxError at the first bad line.
 *
 * @example
 * ```ts
 * parseRules('127.:allow,RELAYCLIENT=""\n:deny\n');
 * // [{ key: "127.", data: "+RELAYCLIENT=\0" }, { key: "", data: "D\0" }]
 * ```
 */
export function parseRules(text: string): RuleRecord[] {
  const out: RuleRecord[] = [];
  const lines = text.split("\n");
  // A final newline ends the last line rather than starting an empty one.
  if (lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) out.push(...parseRuleLine(line));
  return out;
}

/**
 * The records of one line (without its newline): none for a comment, blank
 * line or line without a colon; several for an address range.
 */
export function parseRuleLine(raw: string): RuleRecord[] {
  if (raw === "" || raw[0] === "#") return [];
  const line = raw.replace(/[ \t\n]+$/, "");
  const colon = separatorColon(line);
  if (colon < 0) return [];
  const address = line.slice(0, colon);
  const data = instructions(line, line.slice(colon + 1));
  return expandAddress(line, address).map((key) => ({ key, data }));
}

function startsDecision(s: string): boolean {
  return s.startsWith("allow") || s.startsWith("deny");
}

/** Where the address ends: 0.88's first colon, or (IPv6) a later one before allow/deny. */
function separatorColon(line: string): number {
  const first = line.indexOf(":");
  if (first < 0 || startsDecision(line.slice(first + 1))) return first;
  for (let at = line.indexOf(":", first + 1); at >= 0; at = line.indexOf(":", at + 1)) {
    if (startsDecision(line.slice(at + 1))) return at;
  }
  return first;
}

/** The record value for `allow`/`deny` and the variables that follow. */
function instructions(line: string, x: string): string {
  let data: string;
  if (x.startsWith("deny")) {
    data = "D\0";
    x = x.slice(4);
  } else if (x.startsWith("allow")) {
    data = "";
    x = x.slice(5);
  } else {
    throw new RuleSyntaxError(line);
  }
  while (x.length > 0) {
    if (x[0] !== ",") throw new RuleSyntaxError(line);
    const eq = x.indexOf("=");
    if (eq < 0) throw new RuleSyntaxError(line);
    data += "+" + x.slice(1, eq + 1);
    x = x.slice(eq + 1);
    if (x.length === 0) throw new RuleSyntaxError(line);
    const quote = x[0];
    const end = x.indexOf(quote, 1);
    if (end < 0) throw new RuleSyntaxError(line);
    data += x.slice(1, end) + "\0";
    x = x.slice(end + 1);
  }
  return data;
}

/**
 * The keys an address stands for: itself, or one key per number of a range
 * such as `1.2.3.37-53` or `10.2-3.` (numbers above 255 are cut to 255).
 * Addresses with `=` or `@` are never ranges.
 */
export function expandAddress(line: string, address: string): string[] {
  if (address.includes("=") || address.includes("@")) return [address];
  const dash = address.indexOf("-");
  if (dash < 0) return [address];
  const left = address.lastIndexOf(".", dash - 1) + 1;
  let right = address.indexOf(".", dash + 1);
  if (right < 0) right = address.length;
  const bot = number(line, address.slice(left, dash));
  const top = Math.min(number(line, address.slice(dash + 1, right)), 255);
  const keys: string[] = [];
  for (let n = bot; n <= top; n++) {
    keys.push(address.slice(0, left) + String(n) + address.slice(right));
  }
  return keys;
}

/** scan_ulong over the whole text: digits only (none is 0), else a bad line. */
function number(line: string, text: string): number {
  if (!/^\d*$/.test(text)) throw new RuleSyntaxError(line);
  return text === "" ? 0 : Number(text);
}
