/**
 * qmail-send's bounces (QSBMF), byte for byte (qmail-send.c addbounce,
 * injectbounce, senderadd): the per-recipient records gathered in bounce/N,
 * and the notice that carries them with a copy of the message.
 *
 * @module
 */

import { quote, quote2 } from "../inject/quote.ts";
import { date822 } from "../date/date822.ts";
import { concatBytes, toBytes } from "./bytes.ts";

/**
 * One bounce/N record: `<recipient>:`, the report, a blank line. A newline
 * in the recipient becomes `_`; a blank line inside the report becomes a
 * line holding `/`, so records stay separated by exactly one blank line.
 *
 * @example
 * ```ts
 * bounceRecord("joe@x", "Sorry, no mailbox here by that name. (#5.1.1)\n");
 * // "<joe@x>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n"
 * ```
 */
export function bounceRecord(recipient: string, report: string): string {
  let s = `<${recipient}`.replaceAll("\n", "_") + ">:\n" + report;
  if (report !== "" && !report.endsWith("\n")) s += "\n";
  const c = s.split("");
  for (let pos = c.length - 2; pos > 0; pos--) {
    if (c[pos] === "\n" && c[pos - 1] === "\n") c[pos] = "/";
  }
  return c.join("") + "\n";
}

const VERP_TAIL = "-@[]";

/**
 * The sender qmail-send hands a delivery (senderadd): a VERP sender
 * `prefix-@host-@[]` becomes `prefix-box=domain@host` for recipient
 * `box@domain`; any other sender is unchanged.
 *
 * @example
 * ```ts
 * verpSender("list-owner-@example.com-@[]", "joe@x.org"); // "list-owner-joe=x.org@example.com"
 * ```
 */
export function verpSender(sender: string, recipient: string): string {
  if (!sender.endsWith(VERP_TAIL)) return sender;
  const i = sender.length;
  const j = sender.lastIndexOf("@", i - 5);
  const k = recipient.lastIndexOf("@");
  if (k < 0 || j < 0 || j + 5 > i) return sender;
  return sender.slice(0, j) + recipient.slice(0, k) + "=" + recipient.slice(k + 1) + "@" +
    sender.slice(j + 1, i - 4);
}

/** The sender a bounce is addressed to: a VERP sender loses its `-@[]` (injectbounce). */
export function bounceAddressOf(sender: string): string {
  return sender.endsWith(VERP_TAIL) ? sender.slice(0, -VERP_TAIL.length) : sender;
}

/** The double bounce's envelope sender; a message from it that bounces is discarded. */
export const DOUBLE_BOUNCE_SENDER = "#@[]";

/** What a bounce notice is made of. */
export interface BounceParts {
  /** The failed message's sender, after {@linkcode bounceAddressOf} ("" for a bounce). */
  sender: string;
  bouncefrom: string;
  bouncehost: string;
  /** doublebounceto@doublebouncehost, used when `sender` is empty. */
  doublebounceto: string;
  /** The records of bounce/N. */
  records: Uint8Array;
  /** The message, mess/N. */
  message: Uint8Array;
  date: Date;
}

/** A bounce notice and its envelope. */
export interface Bounce {
  envelopeSender: string;
  recipient: string;
  message: Uint8Array;
}

/** Composes the bounce notice for a failed message (injectbounce). */
export function composeBounce(p: BounceParts): Bounce {
  const single = p.sender !== "";
  const recipient = single ? p.sender : p.doublebounceto;
  const head = `Date: ${date822(p.date)}\n` +
    `From: ${quote(p.bouncefrom)}@${p.bouncehost}\n` +
    `To: ${quote2(recipient)}\n` +
    "Subject: failure notice\n" +
    "\n" +
    `Hi. This is the qmail-send program at ${p.bouncehost}` +
    (single
      ? ".\nI'm afraid I wasn't able to deliver your message to the following addresses.\n" +
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
      : ".\nI tried to deliver a bounce message to this address, but the bounce bounced!\n\n");
  const middle =
    (single
      ? "--- Below this line is a copy of the message.\n\n"
      : "--- Below this line is the original bounce.\n\n") +
    `Return-Path: <${quote2(p.sender)}>\n`;
  return {
    envelopeSender: single ? "" : DOUBLE_BOUNCE_SENDER,
    recipient,
    message: concatBytes([toBytes(head), p.records, toBytes(middle), p.message]),
  };
}
