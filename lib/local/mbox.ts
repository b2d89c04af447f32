/**
 * Appending to an mbox file (mbox(5), qmail-local's mailfile): From_ line,
 * Return-Path, Delivered-To, the message with `>From ` quoting, a blank
 * line; under an exclusive flock (given up after 30 seconds), fsynced. If
 * writing fails the file is truncated back to its old length, so no partial
 * message stays behind (when the lock was held, as qmail does).
 *
 * @module
 */

import { errorText, soft } from "./exit.ts";

const LOCK_WAIT_MS = 30_000;
const NL = 0x0a;
const GT = new Uint8Array([0x3e]);
const NL_BYTES = new Uint8Array([NL]);
const FROM_ = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "

/** qmail's gfrom: the line, after any number of `>`, starts with `From `. */
export function needsQuote(line: Uint8Array): boolean {
  let i = 0;
  while (i < line.length && line[i] === 0x3e) i++;
  if (line.length - i < 5) return false;
  for (let k = 0; k < 5; k++) if (line[i + k] !== FROM_[k]) return false;
  return true;
}

/**
 * The message as mbox body chunks: each line (after optional `>`), a newline
 * added to a last line that lacks one, then the blank separator line.
 */
export function mboxBody(message: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let run = 0; // start of the stretch copied as is
  for (let start = 0; start < message.length;) {
    const nl = message.indexOf(NL, start);
    const end = nl < 0 ? message.length : nl + 1;
    if (needsQuote(message.subarray(start, end))) {
      out.push(message.subarray(run, start), GT);
      run = start;
    }
    start = end;
  }
  out.push(message.subarray(run));
  if (message.length > 0 && message[message.length - 1] !== NL) out.push(NL_BYTES);
  out.push(NL_BYTES);
  return out.filter((c) => c.length > 0);
}

/** The file operations an mbox append uses (a Deno.FsFile; tests substitute failing ones). */
export interface MboxFile {
  write(p: Uint8Array): Promise<number>;
  seek(offset: number, whence: Deno.SeekMode): Promise<number>;
  sync(): Promise<void>;
  truncate(len?: number): Promise<void>;
}

async function writeAll(f: MboxFile, bytes: Uint8Array): Promise<void> {
  while (bytes.length > 0) bytes = bytes.subarray(await f.write(bytes));
}

/**
 * Appends `head` and the quoted message at the end of `f` and fsyncs; on a
 * write error truncates back to the old end (when `locked`, as qmail does)
 * and throws the error.
 */
export async function appendMessage(
  f: MboxFile,
  locked: boolean,
  head: Uint8Array,
  message: Uint8Array,
): Promise<void> {
  const pos = await f.seek(0, Deno.SeekMode.End);
  try {
    await writeAll(f, head);
    for (const chunk of mboxBody(message)) await writeAll(f, chunk);
    await f.sync();
  } catch (e) {
    if (locked) await f.truncate(pos).catch(() => {});
    throw e;
  }
}

/** Locks `f`, or gives up after `ms`; false when the file cannot be locked at all. */
async function lockWithin(f: Deno.FsFile, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), ms));
  // A lock still pending after the timeout is released when the file is closed.
  const lock = f.lock(true).then(() => "locked" as const, () => "failed" as const);
  const r = await Promise.race([lock, timeout]);
  clearTimeout(timer);
  if (r === "timeout") throw soft("File has been locked for 30 seconds straight. (#4.3.0)");
  return r === "locked";
}

/**
 * Appends `head` (From_, Return-Path, Delivered-To lines) and the quoted
 * message to the mbox at `path`; `shown` is the name used in error texts.
 */
export async function deliverMbox(
  path: string,
  shown: string,
  head: Uint8Array,
  message: Uint8Array,
  lockWaitMs = LOCK_WAIT_MS,
): Promise<void> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(path, { write: true, append: true, create: true, mode: 0o600 });
  } catch (e) {
    throw soft(`Unable to open ${shown}: ${errorText(e)}. (#4.2.1)`);
  }
  try {
    const locked = await lockWithin(f, lockWaitMs);
    try {
      await appendMessage(f, locked, head, message);
    } catch (e) {
      throw soft(`Unable to write ${shown}: ${errorText(e)}. (#4.3.0)`);
    }
  } finally {
    f.close();
  }
}
