/**
 * The thin driver of a qmail-pop3d session: lists the Maildir, answers "+OK",
 * then moves lines from the client through the pure session machine, streams
 * messages from their files, and carries out QUIT's update.
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
import { OK, POP3D_ERR, pop3dStart, type Pop3dState, pop3dStep } from "./pop3d_session.ts";
import { applyQuit, cleanTmp, scanMaildir } from "./maildir.ts";
import { Blaster } from "./blast.ts";

/** What a qmail-pop3d session needs besides its connection. */
export interface Pop3dOptions {
  /** Absolute path of the Maildir. */
  maildir: string;
  /** Seconds each read and write may wait (qmail-pop3d(8): 20 minutes). */
  timeoutSeconds?: number;
  /** The clock (the scan leaves out messages of the current second). */
  now?: () => Date;
  /** Where failures worth an operator's eye are reported (default stderr). */
  log?: (line: string) => void;
}

/** Bytes read from a message file at a time. */
const READ_CHUNK = 128 * 1024;

/**
 * Runs one qmail-pop3d session to its end. Returns 0, as qmail-pop3d does
 * whether the client quit, vanished or timed out; nothing is removed or moved
 * unless the client sent QUIT.
 *
 * @example
 * ```ts
 * await servePop3d(Deno.stdin, Deno.stdout, { maildir: "/home/joe/Maildir" });
 * ```
 */
export async function servePop3d(
  input: ByteReader,
  output: ByteWriter,
  opts: Pop3dOptions,
): Promise<number> {
  const timeout = opts.timeoutSeconds ?? IDLE_TIMEOUT_SECONDS;
  const out = new PopWriter(output, timeout);
  const now = opts.now ?? (() => new Date());
  try {
    let state: Pop3dState;
    try {
      Deno.statSync(opts.maildir);
    } catch {
      out.lines([POP3D_ERR.noMaildir]);
      await out.flush();
      return 0;
    }
    try {
      cleanTmp(opts.maildir, now());
      state = pop3dStart(scanMaildir(opts.maildir, now()));
    } catch {
      out.lines([POP3D_ERR.scan]);
      await out.flush();
      return 0;
    }
    out.lines([OK]);
    const reader = new PopLineReader(input, timeout);
    for (;;) {
      await out.flush();
      const line = await reader.readLine();
      if (line.kind === "eof") return 0;
      if (line.kind === "tooLong") {
        out.lines([POP3D_ERR.syntax]);
        continue;
      }
      const step = pop3dStep(state, line.text);
      out.lines(step.replies);
      const effect = step.effect;
      if (effect?.kind === "send") {
        await sendMessage(out, `${opts.maildir}/${effect.fn}`, effect.bodyLines);
      } else if (effect?.kind === "quit") {
        const ok = applyQuit(opts.maildir, effect.remove, effect.keep);
        if (!ok) (opts.log ?? console.error)(`qmail-pop3d: ${POP3D_ERR.noUnlink.slice(5)}`);
        out.lines([ok ? OK : POP3D_ERR.noUnlink]);
        await out.flush();
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof ReadTimeout || e instanceof WriteFailed) return 0;
    throw e;
  }
}

/** RETR/TOP: "+OK", then the message streamed from its file. */
async function sendMessage(out: PopWriter, path: string, bodyLines?: number): Promise<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch {
    out.lines([POP3D_ERR.noSuch]);
    return;
  }
  try {
    out.lines([OK]);
    const blaster = new Blaster(bodyLines);
    const buf = new Uint8Array(READ_CHUNK);
    while (!blaster.done) {
      const n = await file.read(buf);
      if (n === null) break;
      await out.bytes(blaster.push(buf.subarray(0, n)));
    }
    await out.bytes(blaster.end());
  } finally {
    file.close();
  }
}
