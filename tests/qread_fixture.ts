/**
 * A queue tree made by hand for qmail-qread/qmail-qstat/sendmail tests: the
 * directories of qmail's queue, and files put into them with chosen times.
 *
 * @module
 */

import { SPLIT } from "../lib/queue/layout.ts";

/** Makes QMAILHOME/queue with qmail's directories (and an empty control/). */
export function makeQueueTree(home: string): string {
  const queue = `${home}/queue`;
  for (const d of ["pid", "intd", "todo", "bounce", "lock"]) {
    Deno.mkdirSync(`${queue}/${d}`, { recursive: true });
  }
  for (const d of ["mess", "info", "local", "remote"]) {
    for (let i = 0; i < SPLIT; i++) Deno.mkdirSync(`${queue}/${d}/${i}`, { recursive: true });
  }
  Deno.mkdirSync(`${home}/control`, { recursive: true });
  return queue;
}

/** Writes `queue/<rel>` with `content` (NULs as written) and, if given, its mtime. */
export function put(queue: string, rel: string, content: string, mtime?: Date): void {
  const path = `${queue}/${rel}`;
  const bytes = new Uint8Array([...content].map((c) => c.charCodeAt(0)));
  Deno.writeFileSync(path, bytes);
  if (mtime) Deno.utimeSync(path, mtime, mtime);
}
