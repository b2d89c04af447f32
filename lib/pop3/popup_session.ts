/**
 * qmail-popup's AUTHORIZATION state (RFC 1939 section 4, qmail-popup(8)) as
 * a pure state machine with a command table: USER/PASS, APOP, QUIT and NOOP;
 * everything else is refused until the subprogram has checked the password.
 *
 * @module
 */

import { splitCommand } from "./line_reader.ts";

/** qmail-popup's reply texts. */
export const POPUP_REPLY = {
  ok: "+OK ",
  syntax: "-ERR syntax error",
  wantUser: "-ERR USER first",
  authorization: "-ERR authorization first",
  badAuth: "-ERR authorization failed",
  crashed: "-ERR aack, child crashed",
  usage: "-ERR usage: popup hostname subprogram",
} as const;

/** The state between commands. */
export interface PopupState {
  /** The name given by the last USER, if any. */
  user?: string;
}

/** What the driver must do after sending the replies of a step. */
export type PopupEffect =
  /** Hand `user`, `password` to the subprogram (PASS, or APOP's digest as the password). */
  | { kind: "auth"; user: string; password: string }
  /** End the session. */
  | { kind: "quit" };

/** The outcome of one step. */
export interface PopupStep {
  state: PopupState;
  replies: string[];
  effect?: PopupEffect;
}

/**
 * The greeting with the APOP timestamp `<pid.time@hostname>` (RFC 1939
 * section 7; qmail-popup.c builds it from its pid and the time in seconds).
 */
export function greeting(pid: number, unixSeconds: number, hostname: string): {
  line: string;
  timestamp: string;
} {
  const timestamp = `<${pid}.${unixSeconds}@${hostname}>`;
  return { line: `+OK ${timestamp}`, timestamp };
}

type Handler = (state: PopupState, arg: string) => PopupStep;

const COMMANDS: Record<string, Handler> = {
  user(state, arg) {
    if (arg === "") return { state, replies: [POPUP_REPLY.syntax] };
    return { state: { user: arg }, replies: [POPUP_REPLY.ok] };
  },
  pass(state, arg) {
    if (state.user === undefined) return { state, replies: [POPUP_REPLY.wantUser] };
    if (arg === "") return { state, replies: [POPUP_REPLY.syntax] };
    return { state, replies: [], effect: { kind: "auth", user: state.user, password: arg } };
  },
  apop(state, arg) {
    // "APOP name digest": the name ends at the first space (qmail-popup.c).
    const sp = arg.indexOf(" ");
    if (sp < 0) return { state, replies: [POPUP_REPLY.syntax] };
    return {
      state,
      replies: [],
      effect: { kind: "auth", user: arg.slice(0, sp), password: arg.slice(sp + 1) },
    };
  },
  quit: (state) => ({ state, replies: [POPUP_REPLY.ok], effect: { kind: "quit" } }),
  noop: (state) => ({ state, replies: [POPUP_REPLY.ok] }),
};

/**
 * One command line before authentication.
 *
 * @example
 * ```ts
 * const a = popupStep({}, "USER joe"); // replies ["+OK "]
 * const b = popupStep(a.state, "PASS secret"); // effect auth joe/secret
 * ```
 */
export function popupStep(state: PopupState, line: string): PopupStep {
  const { verb, arg } = splitCommand(line);
  const handler = Object.hasOwn(COMMANDS, verb) ? COMMANDS[verb] : undefined;
  if (!handler) return { state, replies: [POPUP_REPLY.authorization] };
  return handler(state, arg);
}

/**
 * What the subprogram reads on descriptor 3: `user\0password\0timestamp\0`
 * (the checkpassword interface).
 */
export function checkpasswordInput(user: string, password: string, timestamp: string): string {
  return `${user}\0${password}\0${timestamp}\0`;
}
