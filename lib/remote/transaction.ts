/**
 * One mail transaction on an open session: the MAIL, RCPT, DATA part of
 * qmail-remote.c's smtp(), reports and all, with SIZE=, BODY=8BITMIME and
 * PIPELINING when offered (RFC 1870, 6152, 2920) and the session kept for
 * the next message when it is still good (RSET after a failed transaction).
 *
 * @module
 */

import { ConnectionDied } from "./connection.ts";
import type { SmtpReply } from "./reply.ts";
import {
  droppedText,
  type MessageReport,
  quitText,
  type RecipientReport,
  type RemoteReport,
  remoteSaid,
} from "./report.ts";
import type { Session } from "./session.ts";

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
  /**
   * A kept session turned out closed before the transaction began (no
   * answer at all, or 421 to MAIL): try the message on a fresh one.
   */
  stale: boolean;
}

/** "421 closing transmission channel" (RFC 5321 §3.8): the server reads nothing more. */
const CLOSING = 421;

/**
 * The replies of one transaction, in order. Without PIPELINING each command
 * is sent when its reply is wanted; with it, MAIL, every RCPT and DATA were
 * sent in one write and `next` reads the next reply of that group. Either
 * way the replies are taken one by one exactly where qmail-remote reads
 * them, so the reports are the same.
 */
class Replies {
  /** Replies of the pipelined group still to be read. */
  unread = 0;
  /** The server answered 421: it is closing the connection. */
  closing = false;
  constructor(readonly s: Session) {}

  /** Sends the whole group at once (RFC 2920). */
  async sendGroup(lines: string[]): Promise<void> {
    await this.s.conn.write(`${lines.join("\r\n")}\r\n`);
    this.unread = lines.length;
  }

  /**
   * The reply to `line`. After a 421 there is none: qmail, which would
   * send the command anyway, finds the connection dead, and so does this.
   */
  async next(line: string): Promise<SmtpReply> {
    if (this.closing) throw new ConnectionDied(`connection closed after ${CLOSING}`);
    let reply: SmtpReply;
    if (this.unread > 0) {
      this.unread--;
      reply = await this.s.conn.readReply();
    } else reply = await this.s.conn.command(line);
    this.closing = reply.code === CLOSING;
    return reply;
  }

  /**
   * Ends a transaction that sends no message and says whether the session
   * is still good: the group's unread replies are read (a DATA the server
   * accepted anyway gets a lone ".", RFC 2920 §3.1), then RSET.
   */
  async abandon(): Promise<boolean> {
    try {
      let last: SmtpReply | undefined;
      while (this.unread > 0 && !this.closing) last = await this.next("");
      if (this.closing) return false;
      if (last && last.code < 400) await this.s.conn.command(".");
      const r = await this.s.conn.command("RSET");
      return r.code === 250;
    } catch {
      return false;
    }
  }
}

function mailCommand(s: Session, env: Envelope): string {
  let mail = `MAIL FROM:<${env.sender}>`;
  if (s.ext.size !== undefined) mail += ` SIZE=${env.size}`;
  if (env.eightBit && s.ext.eightBitMime) mail += " BODY=8BITMIME";
  return mail;
}

/** "D" for a 5xx reply, "Z" for a 4xx one. */
function failureCode(reply: SmtpReply): "D" | "Z" {
  return reply.code >= 500 ? "D" : "Z";
}

/**
 * Sends one message on an open session. Never throws: a dead connection is
 * qmail's "connection died" report (with "Possible duplicate!" once the
 * message has been sent).
 *
 * A refusal of MAIL is "Connected to IP but sender was rejected." for the
 * whole message, Z for 4xx and D for 5xx, and that includes 421 even when
 * the server closes the connection right after it (with PIPELINING, before
 * the replies to RCPT and DATA).
 */
export async function transact(s: Session, env: Envelope): Promise<TransactionResult> {
  const host = s.conn.address;
  const recipients: RecipientReport[] = [];
  const replies = new Replies(s);
  let answered = false;
  let critical = false;
  const end = (code: MessageReport["code"], text: string, reusable = false) => ({
    report: { recipients, message: { code, text } },
    reusable,
    stale: false,
  });
  try {
    const mail = mailCommand(s, env);
    const rcpts = env.recipients.map((r) => `RCPT TO:<${r}>`);
    if (s.ext.pipelining) await replies.sendGroup([mail, ...rcpts, "DATA"]);
    const mailReply = await replies.next(mail);
    answered = true;
    if (mailReply.code === CLOSING && s.used > 0) {
      // A kept session the server has given up on (an idle timeout, a limit
      // of messages per connection); qmail would have connected afresh.
      s.conn.close();
      return { ...end("Z", droppedText(host, false)), stale: true };
    }
    if (mailReply.code >= 400) {
      const text = quitText("Connected to ", host, " but sender was rejected", mailReply);
      return end(failureCode(mailReply), text, await replies.abandon());
    }
    let bother = false;
    for (const rcpt of rcpts) {
      const reply = await replies.next(rcpt);
      if (reply.code >= 400) {
        recipients.push({
          code: reply.code >= 500 ? "h" : "s",
          text: `${host} does not like recipient.\n${remoteSaid(reply.text)}`,
        });
      } else {
        recipients.push({ code: "r", text: "" });
        bother = true;
      }
    }
    if (!bother) return end("D", `Giving up on ${host}.\n`, await replies.abandon());
    const data = await replies.next("DATA");
    if (data.code >= 400) {
      const text = quitText("", host, " failed on DATA command", data);
      return end(failureCode(data), text, await replies.abandon());
    }
    critical = true;
    await s.conn.write(env.data);
    const final = await s.conn.readReply();
    critical = false;
    s.used++;
    const reusable = final.code !== CLOSING;
    if (final.code >= 400) {
      const text = quitText("", host, " failed after I sent the message", final);
      return end(failureCode(final), text, reusable);
    }
    return end("K", quitText("", host, " accepted message", final), true);
  } catch (e) {
    if (!(e instanceof ConnectionDied)) throw e;
    s.conn.close();
    if (!answered && s.used > 0) return { ...end("Z", droppedText(host, false)), stale: true };
    return end("Z", droppedText(host, critical));
  }
}
