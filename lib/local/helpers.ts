/**
 * Shared pieces of the .qmail helper programs (forward, condredirect,
 * bouncesaying, except, preline): running a child program as execvp would,
 * reading the message, and queueing a copy with the Delivered-To line.
 *
 * @module
 */

import { isTempError } from "./exit.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import { submit } from "../queue/submit.ts";
import { qmailHome } from "../paths.ts";

/** How a child ended: its exit code, null if killed by a signal. */
export interface ChildEnd {
  code: number | null;
}

/**
 * Runs `argv` (found on PATH) with stdin from `input` (bytes, or this
 * process's own stdin when "inherit"), stdout and stderr shared. A program
 * that cannot be started reads as exit 111 (temporary) or 100, as the forked
 * child of qmail's helpers reports it.
 */
export async function runChild(
  argv: string[],
  input: Uint8Array | "inherit",
): Promise<ChildEnd> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(argv[0], {
      args: argv.slice(1),
      stdin: input === "inherit" ? "inherit" : "piped",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (e) {
    return { code: isTempError(e) ? 111 : 100 };
  }
  if (input !== "inherit") {
    const w = child.stdin.getWriter();
    await w.write(input).catch(() => {});
    await w.close().catch(() => {});
  }
  const st = await child.status;
  return { code: st.signal ? null : st.code };
}

/** All of standard input. */
export async function readStdin(): Promise<Uint8Array> {
  return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
}

/** An environment variable, or undefined. */
export function env(name: string): string | undefined {
  return Deno.env.get(name);
}

/**
 * Queues `dtline` + `message` from `sender` to `recipients` (qmail_open …
 * qmail_close); returns the qp, or throws a QueueError (status `D…`/`Z…`).
 */
export async function requeue(
  dtline: string,
  message: Uint8Array,
  sender: string,
  recipients: string[],
): Promise<number> {
  const dt = latin1ToBytes(dtline);
  const all = new Uint8Array(dt.length + message.length);
  all.set(dt);
  all.set(message, dt.length);
  await submit({ home: qmailHome(), message: all, envelope: { sender, recipients } });
  return Deno.pid;
}

/** The text after the status letter of a queue failure, and whether it is permanent. */
export function queueFailure(e: unknown): { permanent: boolean; text: string } {
  const status = (e as { status?: unknown }).status;
  if (typeof status === "string") return { permanent: status[0] === "D", text: status.slice(1) };
  return { permanent: false, text: String(e) };
}
