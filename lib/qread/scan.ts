/**
 * Reading the queue the way qmail-qread does (qmail-qread.c): every message
 * with an info/N file, in info/0 … info/22 order (numerically within each
 * subdirectory, where qmail takes readdir order), with its size from mess/N,
 * its sender and time from info/N, a pending bounce from bounce/N, then the
 * recipients of local/N and remote/N.
 *
 * Extension: messages in todo/ without an info/N (queued, but qmail-send has
 * not preprocessed them, perhaps because it is not running) follow, with the
 * envelope recipients of todo/N and the time of todo/N.
 *
 * @module
 */

import { bytesToLatin1 } from "../text/latin1.ts";

import { SPLIT } from "../queue/layout.ts";
import { queuePath } from "../queue/layout.ts";
import type { MessageStats, RecipientLine } from "./format.ts";
import { errorText } from "./errstr.ts";
import { exists } from "../io/exists.ts";

/** What the scan reports, in output order. */
export type QueueEvent =
  | { kind: "stats"; stats: MessageStats }
  | { kind: "recipient"; recipient: RecipientLine }
  | { kind: "trouble"; id: number; why: string };

/** A failure that ends the listing (qmail-qread's `fatal: …`, exit 111). */
export class QreadFatal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QreadFatal";
  }
}

/** The NUL-terminated fields of an envelope file; an unterminated tail is dropped. */
export function nulFields(bytes: Uint8Array): string[] {
  const fields = bytesToLatin1(bytes).split("\0");
  fields.pop(); // whatever follows the last NUL is not a complete field
  return fields;
}

/** The message numbers named in a directory, ascending; other names are skipped. */
function listIds(dir: string): number[] {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (e) {
    const rel = dir.replace(/^.*\/queue\//, "");
    throw new QreadFatal(`fatal: unable to opendir ${rel}: ${errorText(e)}`);
  }
  return entries
    .map((d) => d.name)
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The recipient lines of local/N or remote/N; undefined when the file does not exist. */
function channelLines(path: string, channel: "local" | "remote"): RecipientLine[] | undefined {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  const lines: RecipientLine[] = [];
  for (const f of nulFields(bytes)) {
    if (f[0] === "T" || f[0] === "D") {
      lines.push({ channel, done: f[0] === "D", address: f.slice(1) });
    }
  }
  return lines;
}

/** The events for one message of info/. */
function* infoMessage(queue: string, id: number): Generator<QueueEvent> {
  let size: number;
  let sender: string;
  let time: Date;
  try {
    size = Deno.statSync(queuePath(queue, "mess", id)).size;
    const info = queuePath(queue, "info", id);
    const bytes = Deno.readFileSync(info);
    time = Deno.statSync(info).mtime ?? new Date(0);
    const nul = bytes.indexOf(0);
    sender = bytesToLatin1(bytes.subarray(1, nul < 0 ? bytes.length : nul));
  } catch (e) {
    yield { kind: "trouble", id, why: errorText(e) };
    return;
  }
  const bouncing = exists(queuePath(queue, "bounce", id));
  yield { kind: "stats", stats: { id, time, size, sender, bouncing } };
  for (const channel of ["local", "remote"] as const) {
    let lines: RecipientLine[] | undefined;
    try {
      lines = channelLines(queuePath(queue, channel, id), channel);
    } catch (e) {
      yield { kind: "trouble", id, why: errorText(e) };
      continue;
    }
    for (const recipient of lines ?? []) yield { kind: "recipient", recipient };
  }
}

/** The events for one message still in todo/ (the extension). */
function* todoMessage(queue: string, id: number): Generator<QueueEvent> {
  let size: number;
  let time: Date;
  let fields: string[];
  try {
    const todo = queuePath(queue, "todo", id);
    const bytes = Deno.readFileSync(todo);
    time = Deno.statSync(todo).mtime ?? new Date(0);
    size = Deno.statSync(queuePath(queue, "mess", id)).size;
    fields = nulFields(bytes);
  } catch (e) {
    yield { kind: "trouble", id, why: errorText(e) };
    return;
  }
  const sender = fields.find((f) => f[0] === "F")?.slice(1) ?? "";
  yield { kind: "stats", stats: { id, time, size, sender, todo: true } };
  for (const f of fields) {
    if (f[0] !== "T") continue;
    yield { kind: "recipient", recipient: { channel: "todo", done: false, address: f.slice(1) } };
  }
}

/**
 * Scans the queue under `queue` (QMAILHOME/queue). Throws QreadFatal when the
 * queue or one of its directories cannot be read at all; trouble with one
 * message is an event and the scan goes on.
 */
export function* scanQueue(queue: string): Generator<QueueEvent> {
  try {
    Deno.statSync(queue);
  } catch (e) {
    throw new QreadFatal(`fatal: unable to chdir: ${errorText(e)}`);
  }
  for (let split = 0; split < SPLIT; split++) {
    for (const id of listIds(`${queue}/info/${split}`)) yield* infoMessage(queue, id);
  }
  for (const id of listIds(`${queue}/todo`)) {
    if (exists(queuePath(queue, "info", id))) continue; // qmail-send is preprocessing it
    yield* todoMessage(queue, id);
  }
}
