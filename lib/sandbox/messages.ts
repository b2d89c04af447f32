/**
 * The messages between the dispatcher (main thread) and a sandboxed program
 * (worker).
 *
 * @module
 */

import type { TcpEnds } from "../net/procnet.ts";

/**
 * Worker → dispatcher: the program has started. Nothing answers it: it is
 * sent so that the main thread pays for its first message (about 2.5 ms of
 * first-use set-up) while the program runs, not when the exit code arrives.
 */
export interface RunningMessage {
  kind: "running";
}

/** Dispatcher → worker: the bytes read from descriptor 1 (qmail-queue's envelope). */
export interface Fd1Message {
  kind: "fd1";
  bytes?: Uint8Array;
  error?: string;
}

/** Worker → dispatcher: the program finished with this exit code. */
export interface ExitMessage {
  kind: "exit";
  code: number;
}

/** Worker → dispatcher: read descriptor 1 up to the end of an envelope. */
export interface WantFd1Message {
  kind: "want-fd1";
}

/** Worker → dispatcher: read descriptor 3 to its end, at most `max` bytes (checkpassword). */
export interface WantFd3Message {
  kind: "want-fd3";
  max: number;
}

/** Dispatcher → worker: the bytes read from descriptor 3 (`tooLong` past `max`). */
export interface Fd3Message {
  kind: "fd3";
  bytes?: Uint8Array;
  tooLong?: boolean;
  error?: string;
}

/** Worker → dispatcher: the two ends of the TCP connection on descriptor 0 (tcp-env). */
export interface WantFd0TcpMessage {
  kind: "want-fd0-tcp";
}

/** Dispatcher → worker: descriptor 0's addresses and ports, or why there are none. */
export interface Fd0TcpMessage {
  kind: "fd0-tcp";
  ends?: TcpEnds;
  error?: string;
}

/** Worker → dispatcher: send these datagrams to /dev/log (splogger; Deno grants /dev to `-A` only). */
export interface SyslogMessage {
  kind: "syslog";
  datagrams: string[];
}

/** Dispatcher → worker: the datagrams are sent (or dropped: no logger). */
export interface SyslogDoneMessage {
  kind: "syslogged";
}

/** Worker → dispatcher: switch the process to this gid, then uid (0: unchanged); tcpserver -g/-u. */
export interface SetIdsMessage {
  kind: "set-ids";
  uid: number;
  gid: number;
}

/** Dispatcher → worker: the ids are switched, or why not; `warning` if groups were kept. */
export interface IdsMessage {
  kind: "ids";
  error?: string;
  warning?: string;
}

/**
 * Worker → dispatcher: start `count` more Workers of this program, each
 * running its `loopMain` entry with the same arguments and permissions
 * (tcpserver's further event loops, lib/net/loops.ts). Only the dispatcher
 * can: a Worker may not load the program's modules for a Worker of its own.
 */
export interface StartLoopsMessage {
  kind: "start-loops";
  count: number;
  /** The port the first loop bound (it may have asked for port 0). */
  port: number;
  /** Its listen address as granted (`host:port`, in lib/net/grants.ts's form). */
  listen: string;
  share: SharedArrayBuffer;
}

/** A further loop → dispatcher: what to join. */
export interface WantLoopMessage {
  kind: "want-loop";
}

/** Dispatcher → a further loop: the port, the share, and which loop it is (1 … lanes-1). */
export interface LoopMessage {
  kind: "loop";
  port: number;
  share: SharedArrayBuffer;
  lane: number;
  lanes: number;
}

export type ToWorker =
  | Fd1Message
  | Fd3Message
  | Fd0TcpMessage
  | SyslogDoneMessage
  | IdsMessage
  | LoopMessage;
export type FromWorker =
  | RunningMessage
  | ExitMessage
  | WantFd1Message
  | WantFd3Message
  | WantFd0TcpMessage
  | SyslogMessage
  | SetIdsMessage
  | StartLoopsMessage
  | WantLoopMessage;
