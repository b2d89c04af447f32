/**
 * The messages between the dispatcher (main thread) and a sandboxed program
 * (worker).
 *
 * @module
 */

/** Dispatcher → worker: run this program. */
export interface StartMessage {
  kind: "start";
  program: string;
  args: string[];
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

export type ToWorker = StartMessage | Fd1Message;
export type FromWorker = ExitMessage | WantFd1Message;
