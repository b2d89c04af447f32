/**
 * qmail-smtpd's SMTP dialogue as a pure state machine driven by a command
 * table (qmail's commands.c): `step(state, line)` gives the next state, the
 * replies to send and the effects the driver must carry out. No I/O, no
 * clock: the driver (serve.ts) owns the connection, the DATA bytes and the
 * queue.
 *
 * @module
 */

import { type LocalIpHost, parseAddress, parseMailParams } from "./address.ts";
import { acceptReply, queueReply, REPLY } from "./replies.ts";
import type { Envelope } from "../queue/envelope.ts";
import { asciiLower } from "../control/constmap.ts";

/** Everything a session is configured with, fixed for its lifetime. */
export interface SessionConfig {
  /** control/smtpgreeting (default control/me). */
  greeting: string;
  /** Largest message accepted, in stored bytes; 0 for no limit. */
  databytes: number;
  /** TCPREMOTEHOST, or "unknown". */
  remoteHost: string;
  /** RELAYCLIENT: when set, rcpthosts is not consulted and this is appended to recipients. */
  relayClient?: string;
  /** True when the sender is listed in control/badmailfrom. */
  badMailFrom(addr: string): boolean;
  /** True when control/rcpthosts (and morercpthosts.cdb) allow the recipient. */
  rcptAllowed(addr: string): boolean;
  /** Mapping of `[d.d.d.d]` to control/localiphost, when configured. */
  localIpHost?: LocalIpHost;
  /** Most recipients per message; more get 452 (RFC 5321 4.5.3.1.8: at least 100). */
  maxRecipients: number;
}

/** The session's state between commands. */
export interface SessionState {
  readonly config: SessionConfig;
  /** The HELO/EHLO argument (initially the remote host name, as qmail does). */
  helo: string;
  /** True after an accepted MAIL, until DATA, RSET, HELO or EHLO. */
  seenMail: boolean;
  mailFrom: string;
  /** True when the sender is in badmailfrom: every RCPT is refused. */
  barf: boolean;
  recipients: string[];
}

/** Something the driver must do after sending the replies of a step. */
export type Effect =
  /** Send buffered replies now (qmail's per-command flush). */
  | { kind: "flush" }
  /** Send buffered replies, then end the session. */
  | { kind: "close" }
  /** Read the message that follows (the 354 was sent), queue it, then call dataDone. */
  | { kind: "data"; envelope: Envelope; helo?: string };

/** The outcome of one step. */
export interface Step {
  state: SessionState;
  /** Reply lines without CRLF. */
  replies: string[];
  effects: Effect[];
}

/** How reading and queueing a message ended. */
export type DataOutcome =
  /** On disk: `when` in seconds since the epoch, `qp` the queue writer's pid. */
  | { kind: "accepted"; when: number; qp: number }
  | { kind: "hops" }
  | { kind: "tooBig" }
  /** The queue refused it: qmail.c's status text (`D…` or `Z…`). */
  | { kind: "queue"; status: string };

/** A fresh session: its state and the 220 greeting. */
export function start(config: SessionConfig): Step {
  const state: SessionState = {
    config,
    helo: config.remoteHost,
    seenMail: false,
    mailFrom: "",
    barf: false,
    recipients: [],
  };
  return { state, replies: [`220 ${config.greeting} ESMTP`], effects: [{ kind: "flush" }] };
}

type Handler = (s: SessionState, arg: string) => Omit<Step, "effects"> & { effects?: Effect[] };

/** One row of the command table: the verb's handler and whether qmail flushes after it. */
interface Command {
  run: Handler;
  flush: boolean;
}

function reply(state: SessionState, ...replies: string[]) {
  return { state, replies };
}

function helo(s: SessionState, arg: string) {
  return reply({ ...s, helo: arg, seenMail: false }, `250 ${s.config.greeting}`);
}

function ehlo(s: SessionState, arg: string) {
  const size = s.config.databytes > 0 ? [`250-SIZE ${s.config.databytes}`] : [];
  return reply(
    { ...s, helo: arg, seenMail: false },
    `250-${s.config.greeting}`,
    "250-PIPELINING",
    ...size,
    "250 8BITMIME",
  );
}

function mail(s: SessionState, arg: string) {
  const parsed = parseAddress(arg, s.config.localIpHost);
  if (!parsed) return reply(s, REPLY.syntax);
  const params = parseMailParams(parsed.rest);
  if (!params) return reply(s, REPLY.badSizeParam);
  const limit = s.config.databytes;
  if (limit > 0 && params.size !== undefined && params.size > limit) {
    return reply(s, REPLY.tooBig);
  }
  return reply({
    ...s,
    seenMail: true,
    mailFrom: parsed.addr,
    barf: s.config.badMailFrom(parsed.addr),
    recipients: [],
  }, REPLY.ok);
}

function rcpt(s: SessionState, arg: string) {
  if (!s.seenMail) return reply(s, REPLY.wantMail);
  const parsed = parseAddress(arg, s.config.localIpHost);
  if (!parsed) return reply(s, REPLY.syntax);
  if (s.barf) return reply(s, REPLY.badMailFrom);
  let addr = parsed.addr;
  const relay = s.config.relayClient;
  if (relay !== undefined) addr += relay;
  else if (!s.config.rcptAllowed(addr)) return reply(s, REPLY.noGateway);
  if (s.recipients.length >= s.config.maxRecipients) return reply(s, REPLY.tooManyRcpts);
  return reply({ ...s, recipients: [...s.recipients, addr] }, REPLY.ok);
}

function data(s: SessionState) {
  if (!s.seenMail) return reply(s, REPLY.wantMail);
  if (s.recipients.length === 0) return reply(s, REPLY.wantRcpt);
  const envelope = { sender: s.mailFrom, recipients: s.recipients };
  // The Received field names the HELO only when it differs from the host name.
  const fake = asciiLower(s.helo) !== asciiLower(s.config.remoteHost);
  const effect: Effect = { kind: "data", envelope, ...(fake ? { helo: s.helo } : {}) };
  return {
    state: { ...s, seenMail: false, recipients: [] },
    replies: [REPLY.go],
    effects: [effect],
  };
}

function quit(s: SessionState) {
  return { state: s, replies: [`221 ${s.config.greeting}`], effects: [{ kind: "close" } as const] };
}

/** The command table (qmail-smtpd.c's smtpcommands): verb → handler, flush after it. */
const COMMANDS: Record<string, Command> = {
  rcpt: { run: rcpt, flush: false },
  mail: { run: mail, flush: false },
  data: { run: data, flush: true },
  quit: { run: quit, flush: true },
  helo: { run: helo, flush: true },
  ehlo: { run: ehlo, flush: true },
  rset: { run: (s) => reply({ ...s, seenMail: false }, REPLY.flushed), flush: false },
  help: { run: (s) => reply(s, REPLY.help), flush: true },
  noop: { run: (s) => reply(s, REPLY.ok), flush: true },
  vrfy: { run: (s) => reply(s, REPLY.vrfy), flush: true },
};

const UNKNOWN: Command = { run: (s) => reply(s, REPLY.unimplemented), flush: true };

/**
 * Splits a command line as qmail does: the verb is everything before the
 * first space, the argument what follows the spaces after it. A NUL ends
 * the line (qmail works on C strings).
 */
export function splitCommand(line: string): { verb: string; arg: string } {
  const nul = line.indexOf("\0");
  if (nul >= 0) line = line.slice(0, nul);
  const sp = line.indexOf(" ");
  if (sp < 0) return { verb: line, arg: "" };
  return { verb: line.slice(0, sp), arg: line.slice(sp + 1).replace(/^ +/, "") };
}

/**
 * One command line (without its CRLF, bytes as latin1 characters) → the next
 * state, the replies and the effects.
 *
 * @example
 * ```ts
 * const { state } = start(config);
 * step(state, "MAIL FROM:<a@example.com>").replies; // ["250 ok"]
 * ```
 */
export function step(state: SessionState, line: string): Step {
  const { verb, arg } = splitCommand(line);
  const lower = asciiLower(verb);
  const cmd = Object.hasOwn(COMMANDS, lower) ? COMMANDS[lower] : UNKNOWN;
  const r = cmd.run(state, arg);
  const effects = r.effects ?? [];
  if (cmd.flush && !effects.some((e) => e.kind === "close")) effects.push({ kind: "flush" });
  return { state: r.state, replies: r.replies, effects };
}

/** The reply to the final dot, once the message has been read and queued (or not). */
export function dataDone(state: SessionState, outcome: DataOutcome): Step {
  let text: string;
  switch (outcome.kind) {
    case "accepted":
      text = acceptReply(outcome.when, outcome.qp);
      break;
    case "hops":
      text = REPLY.hops;
      break;
    case "tooBig":
      text = REPLY.tooBig;
      break;
    case "queue":
      text = queueReply(outcome.status);
  }
  return { state, replies: [text], effects: [{ kind: "flush" }] };
}
