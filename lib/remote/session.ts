/**
 * The SMTP client dialogue of qmail-remote's smtp(), with the improvements
 * qmail's users asked for: EHLO first and HELO when EHLO is refused
 * (RFC 5321 §3.2), SIZE= and BODY=8BITMIME when offered (RFC 1870, 6152),
 * MAIL, RCPT and DATA pipelined when offered (RFC 2920), and a connection kept
 * for the next message after a transaction (RSET after a failed one).
 * Report texts are qmail-remote's.
 *
 * @module
 */

import { ConnectionDied, type SmtpConnection } from "./connection.ts";
import type { MessageReport, RecipientReport, RemoteReport } from "./report.ts";
import { remoteSaid } from "./report.ts";
import { type Extensions, parseExtensions, type SmtpReply } from "./reply.ts";

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

/** quit(prepend, append)'s text: `Connected to X but …` and the server's last reply. */
function quitText(before: string, host: string, after: string, reply?: SmtpReply): string {
  return `${before}${host}${after}.\n${remoteSaid(reply?.text ?? "")}`;
}

/** dropped()'s text. */
export function droppedText(host: string, critical: boolean): string {
  return `Connected to ${host} but connection died. ${
    critical ? "Possible duplicate! " : ""
  }(#4.4.2)\n`;
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
  const helo = await conn.command(`HELO ${helohost}`);
  if (helo.code !== 250) {
    throw new SessionRefused({
      code: "Z",
      text: quitText("Connected to ", host, " but my name was rejected", helo),
    });
  }
  return { conn, ext: { eightBitMime: false, pipelining: false }, used: 0 };
}

/** One message for {@linkcode transact}. */
export interface Envelope {
  /** The sender as it goes in MAIL FROM:<…> (already quoted). */
  sender: string;
  /** Recipients as they go in RCPT TO:<…>. */
  recipients: string[];
  /** The DATA bytes, dot-stuffed and terminated. */
  data: Uint8Array;
  /** The message's size in bytes, for SIZE=. */
  size: number;
  eightBit: boolean;
}

/** The outcome of a transaction. */
export interface TransactionResult {
  report: RemoteReport;
  /** The session may carry another message. */
  reusable: boolean;
  /** The server answered nothing at all (a stale kept connection): try a fresh one. */
  stale: boolean;
}

/**
 * Sends one message on an open session. Never throws: a dead connection is
 * qmail's "connection died" report (with "Possible duplicate!" once the
 * message has been sent).
 *
 * With PIPELINING (RFC 2920), MAIL, every RCPT and DATA go in one write and
 * their replies are read in order; the replies decide the reports exactly
 * as they do one command at a time. Every reply of the group is read, even
 * after a refusal, so the session stays in step. A server that accepts DATA
 * although no recipient (or the sender) was accepted gets a lone "." to end
 * the empty message (RFC 2920 §3.1), and its reply is read and ignored.
 */
export async function transact(s: Session, env: Envelope): Promise<TransactionResult> {
  const host = s.conn.address;
  const recipients: RecipientReport[] = [];
  let answered = false;
  let critical = false;
  const end = (code: MessageReport["code"], text: string, reusable = false) => ({
    report: { recipients, message: { code, text } },
    reusable,
    stale: false,
  });
  try {
    let mail = `MAIL FROM:<${env.sender}>`;
    if (s.ext.size !== undefined) mail += ` SIZE=${env.size}`;
    if (env.eightBit && s.ext.eightBitMime) mail += " BODY=8BITMIME";
    const pipelined = s.ext.pipelining;
    let mailReply: SmtpReply;
    if (pipelined) {
      let group = `${mail}\r\n`;
      for (const r of env.recipients) group += `RCPT TO:<${r}>\r\n`;
      await s.conn.write(`${group}DATA\r\n`);
      mailReply = await s.conn.readReply();
    } else mailReply = await s.conn.command(mail);
    answered = true;
    const rcptReplies: SmtpReply[] = [];
    if (pipelined) {
      for (let i = 0; i < env.recipients.length; i++) rcptReplies.push(await s.conn.readReply());
    }
    const dataReply = pipelined ? await s.conn.readReply() : undefined;
    if (mailReply.code >= 400) {
      const code = mailReply.code >= 500 ? "D" : "Z";
      return end(
        code,
        quitText("Connected to ", host, " but sender was rejected", mailReply),
        await abandon(s, dataReply),
      );
    }
    let bother = false;
    for (let i = 0; i < env.recipients.length; i++) {
      const reply = pipelined
        ? rcptReplies[i]
        : await s.conn.command(`RCPT TO:<${env.recipients[i]}>`);
      if (reply.code >= 400) {
        const code = reply.code >= 500 ? "h" : "s";
        recipients.push({
          code,
          text: `${host} does not like recipient.\n${remoteSaid(reply.text)}`,
        });
      } else {
        recipients.push({ code: "r", text: "" });
        bother = true;
      }
    }
    if (!bother) return end("D", `Giving up on ${host}.\n`, await abandon(s, dataReply));
    const data = dataReply ?? await s.conn.command("DATA");
    if (data.code >= 400) {
      return end(
        data.code >= 500 ? "D" : "Z",
        quitText("", host, " failed on DATA command", data),
        await reset(s),
      );
    }
    critical = true;
    await s.conn.write(env.data);
    const final = await s.conn.readReply();
    critical = false;
    s.used++;
    if (final.code >= 500) {
      return end("D", quitText("", host, " failed after I sent the message", final), true);
    }
    if (final.code >= 400) {
      return end("Z", quitText("", host, " failed after I sent the message", final), true);
    }
    return end("K", quitText("", host, " accepted message", final), true);
  } catch (e) {
    if (!(e instanceof ConnectionDied)) throw e;
    s.conn.close();
    if (!answered && s.used > 0) return { ...end("Z", droppedText(host, false)), stale: true };
    return end("Z", droppedText(host, critical));
  }
}

/**
 * Ends a transaction that will send no message: a pipelined DATA the
 * server accepted anyway gets a lone "." (RFC 2920 §3.1), then RSET.
 * True when the session is still good.
 */
async function abandon(s: Session, dataReply: SmtpReply | undefined): Promise<boolean> {
  if (dataReply && dataReply.code < 400) {
    try {
      await s.conn.command(".");
    } catch {
      return false;
    }
  }
  return await reset(s);
}

/** RSET after a failed transaction; true when the session is still good. */
async function reset(s: Session): Promise<boolean> {
  try {
    const r = await s.conn.command("RSET");
    return r.code === 250;
  } catch {
    return false;
  }
}

/** QUIT without waiting for the answer ("waiting for remote side is just too ridiculous"), then close. */
export async function quit(s: Session): Promise<void> {
  try {
    await s.conn.write("QUIT\r\n");
  } catch { /* closing anyway */ }
  s.conn.close();
}
