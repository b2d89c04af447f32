/**
 * Reading SMTP replies as qmail-remote's smtpcode() does: the code is the
 * first three characters of the first line; a line with `-` after the code
 * continues the reply; the text kept for reports is every line with CRs
 * removed, up to 5,000 bytes (HUGESMTPTEXT). Pure: a buffer in, a reply
 * and the bytes used out.
 *
 * @module
 */

/** One SMTP reply. */
export interface SmtpReply {
  code: number;
  /** The reply's lines without CR, each ending in LF (what reports quote). */
  text: string;
  /** Lines without the code and separator, for EHLO keywords. */
  lines: string[];
}

/** qmail's HUGESMTPTEXT. */
export const HUGE_SMTP_TEXT = 5000;

/**
 * Parses one complete reply at the start of `buf` (bytes as latin1 text).
 * Returns the reply and how many characters it used, or undefined when more
 * input is needed.
 *
 * @example
 * ```ts
 * parseReply("250-mx.example\r\n250 8BITMIME\r\n")?.reply.code; // 250
 * ```
 */
export function parseReply(buf: string): { reply: SmtpReply; used: number } | undefined {
  let pos = 0;
  const lines: string[] = [];
  let code = NaN;
  for (;;) {
    const nl = buf.indexOf("\n", pos);
    if (nl < 0) return undefined;
    const line = buf.slice(pos, nl).replaceAll("\r", "");
    if (lines.length === 0) {
      code = (line.charCodeAt(0) - 48) * 100 + (line.charCodeAt(1) - 48) * 10 +
        (line.charCodeAt(2) - 48);
    }
    lines.push(line);
    pos = nl + 1;
    if (line[3] !== "-") break;
  }
  let text = lines.map((l) => `${l}\n`).join("");
  if (text.length > HUGE_SMTP_TEXT) text = text.slice(0, HUGE_SMTP_TEXT);
  return {
    reply: { code: Number.isFinite(code) ? code : 0, text, lines: lines.map((l) => l.slice(4)) },
    used: pos,
  };
}

/** What an EHLO reply offers (RFC 5321 §4.1.1.1). */
export interface Extensions {
  eightBitMime: boolean;
  pipelining: boolean;
  /** SIZE: undefined when not offered, 0 when offered without a limit. */
  size?: number;
}

/** The extensions named in the lines of a 250 EHLO reply (the first line is the greeting). */
export function parseExtensions(lines: string[]): Extensions {
  const ext: Extensions = { eightBitMime: false, pipelining: false };
  for (const line of lines.slice(1)) {
    const [kw, arg] = line.toUpperCase().split(/\s+/);
    if (kw === "8BITMIME") ext.eightBitMime = true;
    else if (kw === "PIPELINING") ext.pipelining = true;
    else if (kw === "SIZE") ext.size = Number(arg) || 0;
  }
  return ext;
}
