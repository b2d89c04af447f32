/**
 * qmail-remote's report (qmail-remote(8) RESULTS) and its texts, and how
 * qmail-rspawn turns a report into one result per recipient for qmail-send
 * (qmail-rspawn.c report()). A report is recipient reports (`r`, `h`, `s`)
 * in recipient order, possibly fewer than the recipients, then a message
 * report (`K`, `Z`, `D`); each is a letter, text, and a 0 byte on the wire.
 *
 * @module
 */

import type { DeliveryResult } from "../local/deliverer.ts";
import type { SmtpReply } from "./reply.ts";

/** One recipient's report: r = accepted, h = permanent, s = temporary rejection. */
export interface RecipientReport {
  code: "r" | "h" | "s";
  text: string;
}

/** The message report: K = success, Z = temporary, D = permanent failure. */
export interface MessageReport {
  code: "K" | "Z" | "D";
  text: string;
}

/** A whole qmail-remote report. */
export interface RemoteReport {
  recipients: RecipientReport[];
  message: MessageReport;
}

/** qmail-remote's fixed message texts. */
export const TEXT = {
  nomem: "Out of memory. (#4.3.0)\n",
  oserr: "System resources temporarily unavailable. (#4.3.0)\n",
  noconn: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n",
  read: "Unable to read message. (#4.3.0)\n",
  dnscanon: "CNAME lookup failed temporarily. (#4.4.3)\n",
  tempDns: "Sorry, I couldn't find any host by that name. (#4.1.2)\n",
  chdir: "Unable to switch to home directory. (#4.3.0)\n",
  control: "Unable to read control files. (#4.3.0)\n",
  partialline: "SMTP cannot transfer messages with partial final lines. (#5.6.2)\n",
  usage: "I (qmail-remote) was invoked improperly. (#5.3.5)\n",
  nomx: "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)\n",
  ambigmx: "Sorry. Although I'm listed as a best-preference MX or A for that host,\n" +
    "it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)\n",
} as const;

/** qmail-remote's outsafe: bytes outside 33..126 become `?`. */
export function outSafe(s: string): string {
  return s.replace(/[^\x21-\x7e]/g, "?");
}

/** perm_dns's text. */
export function permDnsText(host: string): string {
  return `Sorry, I couldn't find any host named ${outSafe(host)}. (#5.1.2)\n`;
}

/** "Remote host said: …" with the server's reply (NUL becomes `?`), or nothing. */
export function remoteSaid(smtpText: string): string {
  return smtpText ? `Remote host said: ${smtpText.replaceAll("\0", "?")}` : "";
}

/** quit(prepend, append)'s text: `Connected to X but …` and the server's last reply. */
export function quitText(before: string, host: string, after: string, reply?: SmtpReply): string {
  return `${before}${host}${after}.\n${remoteSaid(reply?.text ?? "")}`;
}

/** dropped()'s text; "Possible duplicate!" once the whole message was sent. */
export function droppedText(host: string, critical: boolean): string {
  return `Connected to ${host} but connection died. ${
    critical ? "Possible duplicate! " : ""
  }(#4.4.2)\n`;
}

/** A message report that ends the delivery before any recipient was tried. */
export function messageOnly(code: MessageReport["code"], text: string): RemoteReport {
  return { recipients: [], message: { code, text } };
}

/** The bytes qmail-remote writes on stdout. */
export function formatReport(r: RemoteReport): string {
  return r.recipients.map((x) => `${x.code}${x.text}\0`).join("") +
    `${r.message.code}${r.message.text}\0`;
}

/** qmail-send's logsafe (qsutil.c): newline to `/`; `%`, controls, space, bytes over 126 to `_`. */
export function logSafe(s: string): string {
  return s.replace(/\n/g, "/").replace(/[^\x21-\x7e]|%/g, "_");
}

const STATUS = { K: "success", Z: "deferral", D: "failure" } as const;

/**
 * The result for each recipient, as qmail-rspawn would report it had it
 * run one qmail-remote per recipient: the recipient's own letter decides
 * (`s` defers, `h` fails, `r` takes the message report's letter), and the
 * message report's text is appended when it is no better than the
 * recipient's outcome.
 */
export function recipientResults(r: RemoteReport, count: number): DeliveryResult[] {
  const rank = { K: 1, Z: 0, D: -1 } as const;
  const result = rank[r.message.code];
  const out: DeliveryResult[] = [];
  for (let i = 0; i < count; i++) {
    const rep = r.recipients[i];
    let orr: number = result;
    if (rep?.code === "s") orr = 0;
    if (rep?.code === "h") orr = -1;
    let report: string;
    if (!rep) report = r.message.text;
    else report = rep.text + (result <= orr ? r.message.text : "");
    const letter = orr === 1 ? "K" : orr === 0 ? "Z" : "D";
    out.push({ status: STATUS[letter], text: logSafe(report), report });
  }
  return out;
}
