/**
 * qmail-send's activity record (qmail-log(5)), byte for byte: the lines are
 * built here as pure functions, and written by a {@linkcode LogSink}.
 * Untrusted text (addresses, delivery reports) goes through
 * {@linkcode logSafe} as qsutil.c's logsafe does.
 *
 * @module
 */

import type { Channel } from "./schedule.ts";

/**
 * qsutil.c logsafe: newline becomes `/`; `%`, controls, space and bytes
 * above 126 become `_`.
 *
 * @example
 * ```ts
 * logSafe("Sorry, no mailbox here by that name. (#5.1.1)\n");
 * // "Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/"
 * ```
 */
export function logSafe(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) out += "/";
    else if (c === 37 || c < 33 || c > 126) out += "_";
    else out += s[i];
  }
  return out;
}

/** Counts qmail-send reports in `status:` lines. */
export interface ChannelStatus {
  used: number;
  limit: number;
}

/** The qmail-log(5) lines, each with its newline. */
export const logLine = {
  status(local: ChannelStatus, remote: ChannelStatus, exitAsap: boolean): string {
    return `status: local ${local.used}/${local.limit} remote ${remote.used}/${remote.limit}` +
      `${exitAsap ? " exitasap" : ""}\n`;
  },
  exiting: "status: exiting\n",
  newMsg: (id: number) => `new msg ${id}\n`,
  infoMsg: (id: number, bytes: number, sender: string, qp: number, uid: number) =>
    `info msg ${id}: bytes ${bytes} from <${logSafe(sender)}> qp ${qp} uid ${uid}\n`,
  starting: (delivery: number, id: number, channel: Channel, recipient: string) =>
    `starting delivery ${delivery}: msg ${id} to ${channel} ${logSafe(recipient)}\n`,
  delivery: (delivery: number, status: "success" | "deferral" | "failure", text: string) =>
    `delivery ${delivery}: ${status}: ${logSafe(text)}\n`,
  mangled: (delivery: number) => `delivery ${delivery}: report mangled, will defer\n`,
  bounceMsg: (id: number, qp: number) => `bounce msg ${id} qp ${qp}\n`,
  tripleBounce: (bounceFile: string) => `triple bounce: discarding ${bounceFile}\n`,
  endMsg: (id: number) => `end msg ${id}\n`,
  warning: (text: string) => `warning: ${text}\n`,
  alert: (text: string) => `alert: ${text}\n`,
};

/** Where log lines go. */
export interface LogSink {
  write(line: string): void;
  /** Resolves when everything written so far has reached the output. */
  flush(): Promise<void>;
}

/**
 * A sink over a byte writer that never blocks its caller: lines written while
 * a write is in progress are gathered and go out together in the next write,
 * so under load the record is written in large pieces and when idle at once.
 * Under load it also pauses `gatherMs` between writes (every write to a pipe
 * is a hop through Deno's blocking-thread pool, which costs qmail-send more
 * than the line it carries); a line on an idle log goes out at once.
 */
export class StreamLog implements LogSink {
  #pending: string[] = [];
  #busy: Promise<void> | null = null;
  readonly #out: (bytes: Uint8Array) => Promise<unknown>;
  readonly #gatherMs: number;
  readonly #enc = new TextEncoder();

  constructor(out: (bytes: Uint8Array) => Promise<unknown>, gatherMs = 0) {
    this.#out = out;
    this.#gatherMs = gatherMs;
  }

  write(line: string): void {
    this.#pending.push(line);
    if (!this.#busy) this.#busy = this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const text = this.#pending.join("");
      this.#pending = [];
      try {
        await this.#out(this.#enc.encode(text));
      } catch {
        // a dead log reader must not stop deliveries (qmail ignores write errors too)
      }
      if (this.#pending.length > 0 && this.#gatherMs > 0) {
        await new Promise((r) => setTimeout(r, this.#gatherMs));
      }
    }
    this.#busy = null;
  }

  async flush(): Promise<void> {
    while (this.#busy) await this.#busy;
  }
}

/** Pause between writes of a busy qmail-send log: at most 100 writes a second. */
export const LOG_GATHER_MS = 10;

/** A sink that writes to a Deno writer such as Deno.stdout, completely. */
export function writerLog(w: { write(p: Uint8Array): Promise<number> }): StreamLog {
  return new StreamLog(async (bytes) => {
    let b = bytes;
    while (b.length > 0) b = b.subarray(await w.write(b));
  }, LOG_GATHER_MS);
}

/** A sink that keeps lines in memory (tests). */
export class MemoryLog implements LogSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  /** Everything written, as one string. */
  get text(): string {
    return this.lines.join("");
  }
}
