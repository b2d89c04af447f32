/**
 * qmail-qstat's counts (qmail-qstat.sh): regular files anywhere under
 * queue/mess/*, and under queue/todo.
 *
 * @module
 */

import { errorText } from "./errstr.ts";

/** The two numbers qmail-qstat prints, and what could not be read while counting. */
export interface QueueCounts {
  /** Files under mess/ (every message in the queue). */
  messages: number;
  /** Files under todo/ (queued, not yet preprocessed by qmail-send). */
  todo: number;
  /** One line per directory that could not be read (find's complaints). */
  problems: string[];
}

/** Counts regular files below `dir`, recursively, noting unreadable directories. */
function countFiles(dir: string, problems: string[]): number {
  let n = 0;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (e) {
    problems.push(`unable to read ${dir}: ${errorText(e)}`);
    return 0;
  }
  for (const e of entries) {
    if (e.isFile) n++;
    else if (e.isDirectory) n += countFiles(`${dir}/${e.name}`, problems);
  }
  return n;
}

/**
 * Counts the queue under `queue` (QMAILHOME/queue). As `find mess/*` does,
 * only files inside mess/'s subdirectories count.
 */
export function countQueue(queue: string): QueueCounts {
  const problems: string[] = [];
  let messages = 0;
  let subdirs: Deno.DirEntry[] = [];
  try {
    subdirs = [...Deno.readDirSync(`${queue}/mess`)];
  } catch (e) {
    problems.push(`unable to read ${queue}/mess: ${errorText(e)}`);
  }
  for (const d of subdirs) {
    if (d.isDirectory) messages += countFiles(`${queue}/mess/${d.name}`, problems);
    else if (d.isFile) messages++; // `find mess/*` names such a file itself
  }
  const todo = countFiles(`${queue}/todo`, problems);
  return { messages, todo, problems };
}

/** qmail-qstat's two lines. */
export function formatCounts(c: QueueCounts): string {
  return `messages in queue: ${c.messages}\n` +
    `messages in queue but not yet preprocessed: ${c.todo}\n`;
}
