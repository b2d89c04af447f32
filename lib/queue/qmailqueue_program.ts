/**
 * Running a `QMAILQUEUE` replacement (qmail-queue(8): "Programs included with
 * qmail which invoke qmail-queue will invoke the contents of $QMAILQUEUE
 * instead"): the message goes to its fd 0 and the envelope to its fd 1.
 * Deno cannot hand a child a readable fd 1, so /bin/sh moves the pipe on fd 3
 * there; fd 6 carries a custom error text for exit code 82.
 *
 * @module
 */

import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { MessageSource } from "./enqueue.ts";
import { QueueError } from "./errors.ts";

/**
 * Runs `program` as qmail-queue, with this process's environment and `env`
 * over it (an in-process session's own variables); returns its pid (the qp).
 * Throws QueueError for a non-zero exit.
 */
export async function runQmailQueueProgram(
  program: string,
  message: MessageSource,
  envelope: () => Promise<Uint8Array>,
  env?: Record<string, string | undefined>,
): Promise<number> {
  const child = spawn("/bin/sh", ["-c", 'exec "$0" 1<&3 3<&-', program], {
    stdio: ["pipe", "inherit", "inherit", "pipe", "ignore", "ignore", "pipe"],
    ...(env ? { env: over(env) } : {}),
  });
  const exited = new Promise<number>((resolve) => {
    child.on("error", () => resolve(120));
    child.on("exit", (code, signal) => resolve(signal ? 81 : code ?? 81));
  });
  const fds = child.stdio as unknown as (Writable | Readable)[];
  const envPipe = fds[3] as Writable;
  const errPipe = fds[6] as Readable;
  for (const s of [child.stdin!, envPipe, errPipe]) s.on("error", () => {});
  let custom = "";
  errPipe.on("data", (d: Uint8Array) => custom += new TextDecoder().decode(d));
  try {
    if (message instanceof Uint8Array) child.stdin!.write(message);
    else {
      for await (const chunk of message) {
        if (!child.stdin!.write(chunk)) await new Promise((r) => child.stdin!.once("drain", r));
      }
    }
  } catch (e) {
    child.kill();
    throw new QueueError(54, e);
  } finally {
    child.stdin!.end();
  }
  let envelopeBytes: Uint8Array;
  try {
    envelopeBytes = await envelope();
  } catch (e) {
    // Refused, or the client went away: the program must not queue a message without one.
    child.kill();
    envPipe.destroy();
    await exited;
    throw e;
  }
  envPipe.end(envelopeBytes);
  const code = await exited;
  if (code !== 0) throw new QueueError(code, undefined, custom.trim());
  return child.pid ?? 0;
}

/** This process's environment (what of it may be read) with the variables of `env` set over it. */
function over(env: Record<string, string | undefined>): Record<string, string> {
  let out: Record<string, string> = {};
  try {
    out = Deno.env.toObject();
  } catch {
    // the sandbox hides it: the session's variables alone
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
