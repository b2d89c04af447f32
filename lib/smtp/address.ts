/**
 * Envelope addresses as qmail-smtpd reads them from MAIL and RCPT (the
 * behaviour of qmail-smtpd.c's addrparse): `<addr>` or, for clients that
 * never read RFC 821, a bare `FROM:addr`; a source route `@a,@b:` is dropped;
 * quotes are removed and backslash escapes taken literally; `box@[d.d.d.d]`
 * for one of this host's addresses becomes `box@localiphost`.
 *
 * @module
 */

/** qmail-smtpd refuses addresses of 900 bytes or more (555). */
export const ADDR_LIMIT = 900;

/** An address parsed from a MAIL/RCPT argument, with whatever followed it. */
export interface ParsedAddress {
  addr: string;
  /** The text after the closing `>` (or after the bare address): ESMTP parameters. */
  rest: string;
}

/** How `[d.d.d.d]` literals are recognised as this host (qmail-smtpd(8) localiphost). */
export interface LocalIpHost {
  /** The replacement host name (control/localiphost, default control/me). */
  name: string;
  /** True when the dotted-decimal address is one of this host's. */
  isLocal(ip: string): boolean;
}

/**
 * Parses a MAIL or RCPT argument (`FROM:<a@b> SIZE=10`); null when the
 * address is too long (qmail's 555 syntax error). Anything else parses:
 * qmail is deliberately lenient here.
 *
 * @example
 * ```ts
 * parseAddress("FROM:<\"a b\"@example.com> SIZE=12"); // {addr: "a b@example.com", rest: " SIZE=12"}
 * ```
 */
export function parseAddress(arg: string, lip?: LocalIpHost): ParsedAddress | null {
  let terminator = ">";
  let s: string;
  const lt = arg.indexOf("<");
  if (lt >= 0) {
    s = arg.slice(lt + 1);
  } else {
    terminator = " ";
    const colon = arg.indexOf(":");
    s = colon >= 0 ? arg.slice(colon + 1) : "";
    s = s.replace(/^ +/, "");
  }
  if (s.startsWith("@")) {
    const colon = s.indexOf(":");
    s = colon >= 0 ? s.slice(colon + 1) : "";
  }
  let addr = "";
  let escaped = false;
  let quoted = false;
  let i = 0;
  for (; i < s.length; i++) {
    const ch = s[i];
    if (escaped) {
      addr += ch;
      escaped = false;
    } else if (!quoted && ch === terminator) {
      break;
    } else if (ch === "\\") {
      escaped = true;
    } else if (ch === '"') {
      quoted = !quoted;
    } else {
      addr += ch;
    }
  }
  const rest = i < s.length ? s.slice(i + 1) : "";
  if (lip) addr = mapLocalIp(addr, lip);
  if (addr.length >= ADDR_LIMIT) return null;
  return { addr, rest };
}

/** `box@[d.d.d.d]` → `box@name` when d.d.d.d is this host; otherwise unchanged. */
export function mapLocalIp(addr: string, lip: LocalIpHost): string {
  const at = addr.lastIndexOf("@");
  if (at < 0) return addr;
  const m = /^\[(\d+)\.(\d+)\.(\d+)\.(\d+)\]$/.exec(addr.slice(at + 1));
  if (!m) return addr;
  // qmail's ip_scan keeps the low byte of each number; do the same.
  const ip = m.slice(1).map((n) => Number(n) & 255).join(".");
  return lip.isLocal(ip) ? addr.slice(0, at + 1) + lip.name : addr;
}

/** The ESMTP parameters of MAIL that qmail-smtpd acts on (RFC 1870 SIZE). */
export interface MailParams {
  /** The declared message size, if the client gave one. */
  size?: number;
}

/**
 * Reads the parameters after a MAIL address. Unknown parameters are ignored,
 * as qmail ignores everything after the address; a SIZE that is not a number
 * gives null.
 */
export function parseMailParams(rest: string): MailParams | null {
  const params: MailParams = {};
  for (const word of rest.split(" ")) {
    const eq = word.indexOf("=");
    if (eq < 0 || word.slice(0, eq).toUpperCase() !== "SIZE") continue;
    const value = word.slice(eq + 1);
    if (!/^\d{1,20}$/.test(value)) return null;
    params.size = Number(value);
  }
  return params;
}
