/**
 * The queue's layout on disk (qmail 1.03 INTERNALS, hier.c): which
 * directories exist, which are split into conf-split (23) subdirectories, and
 * the file name of a message in each.
 *
 * @module
 */

/** qmail's conf-split. */
export const SPLIT = 23;

/** Directories split into SPLIT numbered subdirectories. */
export const SPLIT_DIRS = ["mess", "info", "local", "remote"] as const;

/** Directories holding one file per message directly. */
export const FLAT_DIRS = ["intd", "todo", "bounce"] as const;

export type QueueDir = typeof SPLIT_DIRS[number] | typeof FLAT_DIRS[number];

/**
 * The path of message `id` in `dir` (qmail's fmtqfn): `mess/<id % 23>/<id>`
 * for split directories, `todo/<id>` for flat ones.
 */
export function queuePath(queue: string, dir: QueueDir, id: number): string {
  const split = (SPLIT_DIRS as readonly string[]).includes(dir);
  return split ? `${queue}/${dir}/${id % SPLIT}/${id}` : `${queue}/${dir}/${id}`;
}

/** The directory that holds message `id`'s file in `dir`. */
export function queueDirOf(queue: string, dir: QueueDir, id: number): string {
  const p = queuePath(queue, dir, id);
  return p.slice(0, p.lastIndexOf("/"));
}
