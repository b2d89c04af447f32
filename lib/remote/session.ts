/**
 * The start and end of qmail-remote's SMTP dialogue (smtp() and quit()):
 * the greeting, then EHLO, with HELO when EHLO is refused (RFC 5321 §3.2),
 * and QUIT. The transactions in between are transaction.ts's. Report texts
 * are qmail-remote's.
 *
 * @module
 */

import type { SmtpConnection } from "./connection.ts";
import { type MessageReport, quitText } from "./report.ts";
import { type Extensions, parseExtensions } from "./reply.ts";

/** A connection past its greeting and EHLO/HELO. */
export interface Session {
  conn: SmtpConnection;
  ext: Extensions;
  /** Transactions completed on it (0 for a fresh one). */
  used: number;
}

/** A failure to open a session: the message report to give. */
export class SessionRefused extends Error {
  readonly report: MessageReport;
  constructor(report: MessageReport) {
    super(report.text);
    this.name = "SessionRefused";
    this.report = report;
  }
}

/**
 * Reads the greeting and says EHLO (HELO if EHLO is refused). Throws
 * {@linkcode SessionRefused} or {@linkcode ConnectionDied}.
 */
export async function openSession(conn: SmtpConnection, helohost: string): Promise<Session> {
  const host = conn.address;
  const greeting = await conn.readReply();
  if (greeting.code !== 220) {
    throw new SessionRefused({
      code: "Z",
      text: quitText("Connected to ", host, " but greeting failed", greeting),
    });
  }
  const ehlo = await conn.command(`EHLO ${helohost}`);
  if (ehlo.code === 250) return { conn, ext: parseExtensions(ehlo.lines), used: 0 };
  // 421 closes the channel (RFC 5321 §3.8): no HELO would be read, so the
  // EHLO reply is what qmail, saying only HELO, would have got.
  const helo = ehlo.code === 421 ? ehlo : await conn.command(`HELO ${helohost}`);
  if (helo.code !== 250) {
    throw new SessionRefused({
      code: "Z",
      text: quitText("Connected to ", host, " but my name was rejected", helo),
    });
  }
  return { conn, ext: { eightBitMime: false, pipelining: false }, used: 0 };
}

/** QUIT without waiting for the answer ("waiting for remote side is just too ridiculous"), then close. */
export async function quit(s: Session): Promise<void> {
  try {
    await s.conn.write("QUIT\r\n");
  } catch { /* closing anyway */ }
  s.conn.close();
}
