/**
 * qmail-pop3d's TRANSACTION state (RFC 1939 section 5, qmail-pop3d(8)) as a
 * pure state machine driven by a command table: `pop3dStep(state, line)`
 * gives the replies to send and the effect the driver must carry out
 * (stream a message, or apply the deletions at QUIT). No I/O.
 *
 * @module
 */

import { splitCommand } from "./line_reader.ts";

/** One message of the maildrop, as listed at the start of the session. */
export interface MaildropMessage {
  /** Path relative to the Maildir: `new/NAME` or `cur/NAME:2,…`. */
  readonly fn: string;
  /** Size in bytes of the file (qmail-pop3d reports the file's size). */
  readonly size: number;
}

/** The session's state between commands. */
export interface Pop3dState {
  readonly messages: readonly MaildropMessage[];
  /** Marked by DELE; applied only at QUIT (RFC 1939 section 6). */
  deleted: boolean[];
  /** LAST: the highest message number deleted (qmail counts DELE only). */
  last: number;
}

/** What the driver must do after sending the replies of a step. */
export type Pop3dEffect =
  /** Send the message file, byte-stuffed with CRLF line ends; `bodyLines` undefined for all. */
  | { kind: "send"; fn: string; bodyLines?: number }
  /** Remove the deleted messages, move the rest from new/ to cur/, reply, end. */
  | { kind: "quit"; remove: string[]; keep: string[] };

/** The outcome of one step. */
export interface Pop3dStep {
  replies: string[];
  effect?: Pop3dEffect;
}

/** qmail-pop3d's reply texts. */
export const POP3D_ERR = {
  syntax: "-ERR syntax error",
  unimplemented: "-ERR unimplemented",
  deleted: "-ERR already deleted",
  zero: "-ERR messages are counted from 1",
  tooBig: "-ERR not that many messages",
  noSuch: "-ERR unable to open that message",
  noUnlink: "-ERR unable to unlink all deleted messages",
  noMaildir: "-ERR this user has no $HOME/Maildir",
  scan: "-ERR unable to scan $HOME/Maildir",
} as const;

/** qmail's positive reply (with its trailing space). */
export const OK = "+OK ";

/** A new session over the listed messages. */
export function pop3dStart(messages: readonly MaildropMessage[]): Pop3dState {
  return { messages, deleted: messages.map(() => false), last: 0 };
}

/** The name a message keeps across sessions: its file name without the directory and `:info`. */
export function uniqueId(fn: string): string {
  const base = fn.slice(fn.indexOf("/") + 1);
  const colon = base.indexOf(":");
  return colon < 0 ? base : base.slice(0, colon);
}

const DIGITS = /^[0-9]+$/;

/** A message number argument as an index, or the error reply. */
function msgno(state: Pop3dState, arg: string): number | string {
  if (!DIGITS.test(arg)) return POP3D_ERR.syntax;
  const n = Number(arg);
  if (n === 0) return POP3D_ERR.zero;
  if (n > state.messages.length) return POP3D_ERR.tooBig;
  if (state.deleted[n - 1]) return POP3D_ERR.deleted;
  return n - 1;
}

/** The words of an argument (RFC 1939 arguments are separated by single spaces). */
function words(arg: string): string[] {
  return arg === "" ? [] : arg.split(/ +/).filter((w) => w !== "");
}

function listing(state: Pop3dState, arg: string, uidl: boolean): Pop3dStep {
  const line = (i: number) =>
    `${i + 1} ${uidl ? uniqueId(state.messages[i].fn) : state.messages[i].size}`;
  const w = words(arg);
  if (w.length > 1) return { replies: [POP3D_ERR.syntax] };
  if (w.length === 1) {
    const i = msgno(state, w[0]);
    if (typeof i === "string") return { replies: [i] };
    return { replies: [`${OK}${line(i)}`] };
  }
  const replies = [OK];
  for (let i = 0; i < state.messages.length; i++) if (!state.deleted[i]) replies.push(line(i));
  replies.push(".");
  return { replies };
}

type Handler = (state: Pop3dState, arg: string) => Pop3dStep;

/** The command table (qmail-pop3d.c's pop3commands). */
const COMMANDS: Record<string, Handler> = {
  quit(state) {
    const remove: string[] = [];
    const keep: string[] = [];
    state.messages.forEach((m, i) => (state.deleted[i] ? remove : keep).push(m.fn));
    return { replies: [], effect: { kind: "quit", remove, keep } };
  },
  stat(state, arg) {
    if (arg !== "") return { replies: [POP3D_ERR.syntax] };
    let count = 0;
    let total = 0;
    state.messages.forEach((m, i) => {
      if (!state.deleted[i]) (count++, total += m.size);
    });
    // qmail-pop3d prints the number of messages listed, deleted ones included;
    // RFC 1939 5 says deleted messages are not counted, which clients rely on.
    return { replies: [`${OK}${count} ${total}`] };
  },
  list: (state, arg) => listing(state, arg, false),
  uidl: (state, arg) => listing(state, arg, true),
  dele(state, arg) {
    const w = words(arg);
    if (w.length !== 1) return { replies: [POP3D_ERR.syntax] };
    const i = msgno(state, w[0]);
    if (typeof i === "string") return { replies: [i] };
    state.deleted[i] = true;
    if (i + 1 > state.last) state.last = i + 1;
    return { replies: [OK] };
  },
  retr(state, arg) {
    const w = words(arg);
    if (w.length !== 1) return { replies: [POP3D_ERR.syntax] };
    const i = msgno(state, w[0]);
    if (typeof i === "string") return { replies: [i] };
    return { replies: [], effect: { kind: "send", fn: state.messages[i].fn } };
  },
  top(state, arg) {
    const w = words(arg);
    if (w.length !== 2 || !DIGITS.test(w[1])) return { replies: [POP3D_ERR.syntax] };
    const i = msgno(state, w[0]);
    if (typeof i === "string") return { replies: [i] };
    const bodyLines = Math.min(Number(w[1]), Number.MAX_SAFE_INTEGER - 1);
    return { replies: [], effect: { kind: "send", fn: state.messages[i].fn, bodyLines } };
  },
  rset(state) {
    state.deleted.fill(false);
    state.last = 0;
    return { replies: [OK] };
  },
  last: (state) => ({ replies: [`${OK}${state.last}`] }),
  noop: () => ({ replies: [OK] }),
};

/**
 * One command line of the TRANSACTION state. The state is updated in place
 * (a 10,000-message maildrop is not copied per command) and returned replies
 * are lines without CRLF.
 *
 * @example
 * ```ts
 * const s = pop3dStart([{ fn: "new/1.2.host", size: 10 }]);
 * pop3dStep(s, "STAT").replies; // ["+OK 1 10"]
 * ```
 */
export function pop3dStep(state: Pop3dState, line: string): Pop3dStep {
  const { verb, arg } = splitCommand(line);
  const handler = Object.hasOwn(COMMANDS, verb) ? COMMANDS[verb] : undefined;
  if (!handler) return { replies: [POP3D_ERR.unimplemented] };
  return handler(state, arg);
}
