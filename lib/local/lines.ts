/**
 * The header lines qmail-local writes and passes to programs (qmail-local.c,
 * qmail-command(8)): Delivered-To (DTLINE), Return-Path (RPLINE) and the
 * mbox From_ line (UFLINE). Pure; strings are latin1 (one char per byte).
 *
 * @module
 */

import { quote2 } from "../inject/quote.ts";

/** `Delivered-To: local@host\n`, newlines in the address turned into `_`. */
export function dtLine(recipient: string): string {
  return `Delivered-To: ${recipient.replaceAll("\n", "_")}\n`;
}

/** `Return-Path: <sender>\n` with the local part quoted as RFC 821 needs (quote2). */
export function rpLine(sender: string): string {
  return `Return-Path: <${quote2(sender).replaceAll("\n", "_")}>\n`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** qmail's myctime: `Thu Nov 21 09:05:01 2024\n`, in UTC. */
export function myctime(t: Date): string {
  return `${DAYS[t.getUTCDay()]} ${MONTHS[t.getUTCMonth()]} ${two(t.getUTCDate())} ` +
    `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} ` +
    `${t.getUTCFullYear()}\n`;
}

/** `From sender date\n` (MAILER-DAEMON for a bounce; spaces, tabs, newlines become `-`). */
export function ufLine(sender: string, now: Date): string {
  const who = sender === "" ? "MAILER-DAEMON" : sender.replace(/[ \t\n]/g, "-");
  return `From ${who} ${myctime(now)}`;
}

/** EXT, EXT2, EXT3, EXT4: the extension and what follows its first three dashes. */
export function extParts(ext: string): [string, string, string, string] {
  const out: string[] = [ext];
  let x = ext;
  for (let k = 0; k < 3; k++) {
    const i = x.indexOf("-");
    x = i < 0 ? "" : x.slice(i + 1);
    out.push(x);
  }
  return out as [string, string, string, string];
}

/** HOST2, HOST3, HOST4: the host without its last one, two, three dot-separated parts. */
export function hostParts(host: string): [string, string, string] {
  const out: string[] = [];
  let i = host.length;
  for (let k = 0; k < 3; k++) {
    const j = host.lastIndexOf(".", i - 1);
    i = j < 0 ? i : j;
    out.push(host.slice(0, i));
  }
  return out as [string, string, string];
}
