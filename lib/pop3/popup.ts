/**
 * The thin driver of qmail-popup: greets with the APOP timestamp, runs the
 * AUTHORIZATION dialogue, then hands the name and password to the
 * subprogram on descriptor 3 and reports its failure the way qmail-popup(8)
 * does.
 *
 * @module
 */

import {
  type ByteReader,
  IDLE_TIMEOUT_SECONDS,
  PopLineReader,
  ReadTimeout,
} from "./line_reader.ts";
import { type ByteWriter, PopWriter, WriteFailed } from "./output.ts";
import {
  checkpasswordInput,
  greeting,
  POPUP_REPLY,
  type PopupState,
  popupStep,
} from "./popup_session.ts";
import { type ChildEnd, runWithFd3 } from "./spawn_fd3.ts";
import { latin1ToBytes } from "../text/latin1.ts";

/** What a qmail-popup session needs besides its connection. */
export interface PopupOptions {
  /** The host name in the APOP timestamp. */
  hostname: string;
  /** The subprogram's command line (e.g. checkpassword's, resolved). */
  command: [string, string[]];
  /** Whether the subprogram inherits descriptors 0 and 1 or is pumped through pipes. */
  childIo: "inherit" | "pipe";
  /** Seconds each read and write may wait (qmail-popup(8): 20 minutes). */
  timeoutSeconds?: number;
  /** The pid in the timestamp (default this process's). */
  pid?: number;
  /** The clock for the timestamp. */
  now?: () => Date;
  /** The subprogram's whole environment (default: this process's). */
  env?: Record<string, string>;
  /** Runs the subprogram (tests replace it). */
  run?: typeof runWithFd3;
}

/**
 * Runs one qmail-popup session and returns qmail-popup's exit code, which is
 * 1 however it ends (qmail-popup.c's `die`).
 *
 * @example
 * ```ts
 * await servePopup(Deno.stdin, Deno.stdout, {
 *   hostname: "pop.example", command: ["checkpassword", ["qmail-pop3d", "Maildir"]], childIo: "inherit",
 * });
 * ```
 */
export async function servePopup(
  input: ByteReader,
  output: ByteWriter,
  opts: PopupOptions,
): Promise<number> {
  const timeout = opts.timeoutSeconds ?? IDLE_TIMEOUT_SECONDS;
  const out = new PopWriter(output, timeout);
  const reader = new PopLineReader(input, timeout);
  const unixSeconds = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  const greet = greeting(opts.pid ?? Deno.pid, unixSeconds, opts.hostname);
  try {
    out.lines([greet.line]);
    let state: PopupState = {};
    for (;;) {
      await out.flush();
      const line = await reader.readLine();
      if (line.kind === "eof") return 1;
      if (line.kind === "tooLong") {
        out.lines([POPUP_REPLY.syntax]);
        continue;
      }
      const step = popupStep(state, line.text);
      state = step.state;
      out.lines(step.replies);
      if (step.effect?.kind === "quit") {
        await out.flush();
        return 1;
      }
      if (step.effect?.kind === "auth") {
        await out.flush();
        const fd3 = latin1ToBytes(
          checkpasswordInput(step.effect.user, step.effect.password, greet.timestamp),
        );
        const [cmd, args] = opts.command;
        const run = opts.run ?? runWithFd3;
        const end: ChildEnd = await run(
          cmd,
          args,
          fd3,
          opts.childIo === "inherit"
            ? { mode: "inherit" }
            : { mode: "pipe", input, output, pending: reader.takeBuffered() },
          opts.env,
        );
        fd3.fill(0);
        if (end.signal !== null) out.lines([POPUP_REPLY.crashed]);
        else if (end.code !== 0) out.lines([POPUP_REPLY.badAuth]);
        await out.flush();
        return 1;
      }
    }
  } catch (e) {
    if (e instanceof ReadTimeout || e instanceof WriteFailed) return 1;
    throw e;
  }
}
