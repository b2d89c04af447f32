/**
 * The message as SMTP DATA (qmail-remote(8) TRANSPARENCY, RFC 5321 §4.5.2):
 * LF becomes CR LF (an existing CR LF stays, a bare CR becomes CR LF, as
 * qmail-remote's blast does), a line starting with a dot gets another, and
 * `.` CR LF ends it. A message whose last line has no newline cannot be
 * sent.
 *
 * @module
 */

/** Bytes of the terminator. */
const DOT_CRLF = [0x2e, 0x0d, 0x0a];

/**
 * The DATA bytes for `message`, terminator included, or undefined when the
 * final line is partial (qmail: "SMTP cannot transfer messages with partial
 * final lines. (#5.6.2)").
 *
 * @example
 * ```ts
 * encodeData(new TextEncoder().encode(".hi\n")); // ". . h i CR LF . CR LF" as bytes
 * ```
 */
export function encodeData(message: Uint8Array): Uint8Array | undefined {
  const n = message.length;
  if (n > 0 && message[n - 1] !== 0x0a) {
    // A trailing CR alone is a line end to blast; anything else is partial.
    if (message[n - 1] !== 0x0d) return undefined;
  }
  return message.indexOf(0x0d) < 0 ? encodeLf(message) : encodeAny(message);
}

/**
 * The usual message, lines ending in LF only: whole lines are copied (the
 * native indexOf finds them), with an exact allocation.
 */
function encodeLf(message: Uint8Array): Uint8Array {
  const n = message.length;
  let extra = 0;
  for (let start = 0; start < n;) {
    if (message[start] === 0x2e) extra++;
    const nl = message.indexOf(0x0a, start);
    extra++;
    start = nl + 1;
  }
  const out = new Uint8Array(n + extra + 3);
  let o = 0;
  for (let start = 0; start < n;) {
    if (message[start] === 0x2e) out[o++] = 0x2e;
    const nl = message.indexOf(0x0a, start);
    out.set(message.subarray(start, nl), o);
    o += nl - start;
    out[o++] = 0x0d;
    out[o++] = 0x0a;
    start = nl + 1;
  }
  out.set(DOT_CRLF, o);
  return out;
}

/** Any message: byte by byte, CR LF kept and a bare CR made CR LF. */
function encodeAny(message: Uint8Array): Uint8Array {
  const n = message.length;
  const out = new Uint8Array(n + (n >> 5) + 64);
  let buf = out;
  let o = 0;
  const grow = (need: number) => {
    if (o + need <= buf.length) return;
    const bigger = new Uint8Array((buf.length + need) * 2);
    bigger.set(buf.subarray(0, o));
    buf = bigger;
  };
  let lineStart = true;
  for (let i = 0; i < n; i++) {
    grow(4);
    const c = message[i];
    if (lineStart && c === 0x2e) buf[o++] = 0x2e;
    if (c === 0x0a) {
      buf[o++] = 0x0d;
      buf[o++] = 0x0a;
      lineStart = true;
    } else if (c === 0x0d) {
      buf[o++] = 0x0d;
      buf[o++] = 0x0a;
      if (message[i + 1] === 0x0a) i++;
      lineStart = true;
    } else {
      buf[o++] = c;
      lineStart = false;
    }
  }
  grow(3);
  buf.set(DOT_CRLF, o);
  return buf.subarray(0, o + 3);
}

/** Whether the message has bytes above 127 (for BODY=8BITMIME, RFC 6152). */
export function has8bit(message: Uint8Array): boolean {
  for (let i = 0; i < message.length; i++) if (message[i] > 127) return true;
  return false;
}
