/**
 * qmail-clean (qmail-clean(8), qmail-clean.c): qmail-send may not remove
 * files qmail-queue made (mess/, intd/, todo/ belong to qmailq), so it asks
 * qmail-clean. Protocol on qmail-clean's input: `foop/N` NUL (the message is
 * finished: remove intd/N and mess/N) or `todo/N` NUL (preprocessing is done:
 * remove intd/N and todo/N); one reply byte each: `+` done, `!` a removal
 * failed, `x` a bad command. Every 30 commands, and at start, pid/ files older
 * than 36 hours are removed (qmail-queue leftovers).
 *
 * @module
 */

import { queuePath } from "../queue/layout.ts";
import { OSSIFIED } from "./schedule.ts";

/** What qmail-send asks of qmail-clean. */
export type CleanRequest = "foop" | "todo";
/** qmail-clean's reply byte. */
export type CleanReply = "+" | "!" | "x";

/** Something that removes finished queue files for qmail-send. */
export interface Cleaner {
  clean(request: CleanRequest, id: number): Promise<CleanReply>;
  close(): Promise<void>;
}

/** Parses one command (without its NUL), or undefined for a bad one. */
export function parseCleanCommand(line: string): { request: CleanRequest; id: number } | undefined {
  if (line.length < 6 || line.length > 99) return undefined;
  const request = line.slice(0, 5) === "foop/"
    ? "foop"
    : line.slice(0, 5) === "todo/"
    ? "todo"
    : "";
  if (!request || !/^[0-9]+$/.test(line.slice(5))) return undefined;
  return { request, id: Number(line.slice(5)) };
}

function unlinkQuiet(path: string): boolean {
  try {
    Deno.removeSync(path);
    return true;
  } catch (e) {
    return e instanceof Deno.errors.NotFound;
  }
}

/** Carries out one request in `queue` (qmail-clean's U() steps). */
export function applyClean(queue: string, request: CleanRequest, id: number): CleanReply {
  if (!unlinkQuiet(queuePath(queue, "intd", id))) return "!";
  const other = request === "foop" ? queuePath(queue, "mess", id) : queuePath(queue, "todo", id);
  return unlinkQuiet(other) ? "+" : "!";
}

async function removeQuiet(path: string): Promise<boolean> {
  try {
    await Deno.remove(path);
    return true;
  } catch (e) {
    return e instanceof Deno.errors.NotFound;
  }
}

/** {@linkcode applyClean} without blocking the caller's thread on the disk. */
export async function applyCleanAsync(
  queue: string,
  request: CleanRequest,
  id: number,
): Promise<CleanReply> {
  if (!(await removeQuiet(queuePath(queue, "intd", id)))) return "!";
  const other = request === "foop" ? queuePath(queue, "mess", id) : queuePath(queue, "todo", id);
  return (await removeQuiet(other)) ? "+" : "!";
}

/** Removes pid/ files not accessed for 36 hours (qmail-clean.c cleanuppid). */
export function cleanupPid(queue: string, nowSec = Date.now() / 1000): void {
  let names: string[];
  try {
    names = [...Deno.readDirSync(`${queue}/pid`)].map((e) => e.name);
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const st = Deno.statSync(`${queue}/pid/${name}`);
      const atime = (st.atime ?? st.mtime)?.getTime();
      if (atime === undefined || nowSec < atime / 1000 + OSSIFIED) continue;
      Deno.removeSync(`${queue}/pid/${name}`);
    } catch {
      // gone already, or not ours to judge
    }
  }
}

/** The pid/ sweep every 30 commands, as qmail-clean's cleanuploop. */
export class PidSweeper {
  #countdown = 0;
  constructor(readonly queue: string) {}
  /** Called before each command. */
  tick(): void {
    if (this.#countdown > 0) {
      this.#countdown--;
      return;
    }
    cleanupPid(this.queue);
    this.#countdown = 30;
  }
}

/**
 * qmail-clean in-process: for a tree where qmail-send may remove the files
 * itself. The removals go to the blocking-thread pool: under a stream of
 * fsyncs an unlink waits for the journal, which must not stall qmail-send's
 * loop (measured: synchronous unlinks here cost a third of the throughput).
 * A message whose todo/N was cleaned here has no intd/N left to remove
 * when it is finished: qmail-queue makes intd/N only for a new message, and
 * the number is mess/N's inode, which stays taken until foop/N removes it.
 */
export class DirectCleaner implements Cleaner {
  readonly #sweeper: PidSweeper;
  readonly #intdGone = new Set<number>();
  constructor(readonly queue: string) {
    this.#sweeper = new PidSweeper(queue);
  }
  async clean(request: CleanRequest, id: number): Promise<CleanReply> {
    this.#sweeper.tick();
    const q = this.queue;
    const other = request === "foop" ? queuePath(q, "mess", id) : queuePath(q, "todo", id);
    if (!(request === "foop" && this.#intdGone.delete(id))) {
      if (!(await removeQuiet(queuePath(q, "intd", id)))) return "!";
    }
    if (!(await removeQuiet(other))) return "!";
    if (request === "todo") this.#intdGone.add(id);
    return "+";
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
