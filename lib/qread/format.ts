/**
 * qmail-qread's output lines (qmail-qread.c), as pure functions:
 *
 * ```
 * 26 Sep 1995 04:46:54 GMT  #12345  678  <alice@example.com>  bouncing
 *   done	remote	bob@example.net
 * 	local	carol@example.com
 * ```
 *
 * The stats line is the time in GMT (date822 without its zone), `#` and the
 * message number, its size in bytes, the sender in angle brackets and a
 * space, then ` bouncing` when a bounce is pending. Each recipient still in
 * local/N or remote/N follows on its own line, done ones marked `  done`.
 * Bytes outside printable ASCII (32..126) show as `_`.
 *
 * Extension: a message still in todo/ (queued, not yet preprocessed by
 * qmail-send) has ` todo` where ` bouncing` would be, and its envelope
 * recipients are listed on the channel `todo`, since no channel is chosen yet.
 *
 * @module
 */

import { date822 } from "../date/date822.ts";

/** Where a listed recipient is: a delivery channel, or not yet preprocessed. */
export type Channel = "local" | "remote" | "todo";

/** A message's summary line. Strings hold bytes as latin1 characters. */
export interface MessageStats {
  id: number;
  /** When the message was queued: the mtime of info/N (or todo/N). */
  time: Date;
  /** The size of mess/N in bytes. */
  size: number;
  sender: string;
  /** A bounce is pending (bounce/N exists). */
  bouncing?: boolean;
  /** Still in todo/ (the extension). */
  todo?: boolean;
}

/** One recipient line. */
export interface RecipientLine {
  channel: Channel;
  /** The recipient was delivered (`D`) and is kept only until the message is done. */
  done: boolean;
  address: string;
}

/** Replaces each character outside printable ASCII with `_` (qmail-qread's out()). */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "_");
}

/**
 * The stats line with its newline.
 *
 * @example
 * ```ts
 * formatStats({ id: 7, time: new Date(0), size: 9, sender: "a@b" });
 * // "1 Jan 1970 00:00:00 GMT  #7  9  <a@b> \n"
 * ```
 */
export function formatStats(m: MessageStats): string {
  const when = date822(m.time).slice(0, -" -0000".length);
  let line = `${when} GMT  #${m.id}  ${m.size}  <${m.sender}> `;
  if (m.bouncing) line += " bouncing";
  if (m.todo) line += " todo";
  return `${printable(line)}\n`;
}

/** A recipient line with its newline: `[  done]\t<channel>\t<address>`. */
export function formatRecipient(r: RecipientLine): string {
  return `${r.done ? "  done" : ""}\t${r.channel}\t${printable(r.address)}\n`;
}

/** qmail-qread's warning for a message it could not read, e.g. `warning: trouble with #7: …`. */
export function formatTrouble(id: number, why: string): string {
  return `warning: trouble with #${id}: ${why}\n`;
}
