/**
 * What a sandboxed program asks of the dispatcher: what only the main thread
 * can do (read descriptors 1 and 3, switch ids, start tcpserver's further
 * loops). One request is outstanding at a time. Descriptor 1 is read here
 * (qmail-queue reads its envelope there).
 *
 * @module
 */

import type { Fd0TcpMessage, Fd1Message, FromWorker, ToWorker } from "./messages.ts";
import { type TcpEnds, tcpEndsOfFd } from "../net/procnet.ts";
import { envelopeEnd } from "../queue/envelope.ts";

let send: ((m: FromWorker) => void) | null = null;
let pending: ((m: ToWorker) => void) | null = null;

/**
 * Wires the channel to the dispatcher (called by the worker entry with a
 * sender, and with a reply when one arrives).
 */
export function setHostChannel(
  sender: ((m: FromWorker) => void) | null,
  reply?: ToWorker,
): void {
  if (sender) send = sender;
  if (reply && pending) {
    const resolve = pending;
    pending = null;
    resolve(reply);
  }
}

/**
 * Reads descriptor 1 up to the end of a qmail-queue envelope (or EOF). Inside
 * the sandbox the dispatcher does the reading; outside (tests, embedding) it
 * is read here.
 */
export async function readEnvelopeFd(): Promise<Uint8Array> {
  if (!send) return await readFd1UntilEnvelope();
  const reply = await askHost({ kind: "want-fd1" }) as Fd1Message;
  if (reply.error !== undefined) throw new Error(reply.error);
  return reply.bytes!;
}

/**
 * The ends of the TCP connection on descriptor 0 (what getsockname and
 * getpeername would say). Inside the sandbox the dispatcher looks; outside
 * (tests, embedding) it is looked up here.
 */
export async function fd0TcpEnds(): Promise<TcpEnds> {
  const reply = (send ? await askHost({ kind: "want-fd0-tcp" }) : fd0TcpReply()) as Fd0TcpMessage;
  if (reply.error !== undefined) throw new Error(reply.error);
  return reply.ends!;
}

/** Sends datagrams to /dev/log: through the dispatcher inside the sandbox, else here (needs `-A`). */
export async function syslog(datagrams: string[]): Promise<void> {
  if (send) await askHost({ kind: "syslog", datagrams });
  else await (await import("./syslog.ts")).sendToSyslog(datagrams);
}

/** The dispatcher's answer to want-fd0-tcp. Needs all permissions. */
export function fd0TcpReply(): Fd0TcpMessage {
  try {
    return { kind: "fd0-tcp", ends: tcpEndsOfFd(0) };
  } catch (err) {
    return { kind: "fd0-tcp", error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Sends a request to the dispatcher and waits for its reply; undefined
 * outside the sandbox (the caller then does the work itself).
 */
export function askHost(m: FromWorker): Promise<ToWorker> | undefined {
  if (!send) return undefined;
  return new Promise((resolve) => {
    pending = resolve;
    send!(m);
  });
}

/**
 * Reads descriptor 1 until a whole envelope has arrived or EOF. Needs all
 * permissions. Opening /dev/fd/1 fails (ENXIO) when descriptor 1 is a
 * socket — as node:child_process's pipes are (socketpairs), so a denoqmail
 * injector running qmail-queue as QMAILQUEUE gives it one — and Deno cannot
 * read a descriptor it did not open; then a `cat` with descriptor 1 as its
 * input and a pipe to this process as its output does the reading.
 */
export async function readFd1UntilEnvelope(): Promise<Uint8Array> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open("/dev/fd/1", { read: true });
  } catch (e) {
    try {
      return await readThroughCat();
    } catch {
      throw e;
    }
  }
  using _ = f;
  return await readEnvelopeFrom(f.readable);
}

/** Reads `stream` until a whole envelope has arrived or it ends, then stops reading. */
async function readEnvelopeFrom(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
      total += r.value.length;
      if (envelopeEnd(concat(chunks, total)) >= 0) break;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return concat(chunks, total);
}

/** Descriptor 1 read by `cat` (its stdin from our fd 1, its output on its stderr, a pipe to us). */
async function readThroughCat(): Promise<Uint8Array> {
  const child = new Deno.Command("/bin/sh", {
    args: ["-c", "exec cat <&1 >&2"],
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  try {
    return await readEnvelopeFrom(child.stderr);
  } finally {
    try {
      child.kill();
    } catch {
      // it has exited
    }
    await child.status;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  chunks.splice(0, chunks.length, out);
  return out;
}

/** Sends a message to the dispatcher that needs no reply; false outside the sandbox. */
export function tellHost(m: FromWorker): boolean {
  send?.(m);
  return send !== null;
}

/**
 * Ends the whole process at once with `code`, from inside the sandbox or not
 * (qmail-queue's 24-hour alarm, which must not wait for anything).
 */
export function exitNow(code: number): void {
  if (!tellHost({ kind: "exit", code })) Deno.exit(code);
}
