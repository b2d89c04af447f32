/**
 * Benchmark hygiene for file systems that make creating a file slow right
 * after many files were removed. On ext4 without a journal (this VM's root
 * file system), allocating an inode skips, one buffer lookup each, every
 * inode of the block group freed in the last 30 s, or 180 s while its
 * inode-table block is still dirty (fs/ext4/ialloc.c, recently_deleted).
 * Right after a bench removes a 10,000-file queue, each create in that part
 * of the disk costs ~0.7 ms instead of ~20 µs, and a figure taken then
 * measures the removal, not the server.
 *
 * So a bench keeps the trees it made until it ends (`keep`, then
 * `leftovers.dispose()`), and before each measurement waits, bounded, until
 * creating files in the directories the server will create them in is quick
 * again (`settle`), printing what it saw.
 *
 * @module
 */

/** Mean creates slower than this (µs) mean the group is still skipping freed inodes. */
const QUICK_CREATE_US = 60;
const PROBE_FILES = 100;
const WAIT_STEP_MS = 10_000;

/** Trees and directories to remove when the bench ends, not between measurements. */
export const leftovers = new DisposableStack();

/** Registers a tree (or anything disposable) for removal at the end of the bench. */
export function keep<T extends Disposable>(tree: T): T {
  return leftovers.use(tree);
}

/** Registers a directory for recursive removal at the end of the bench. */
export function keepDir(dir: string): void {
  leftovers.defer(() => Deno.removeSync(dir, { recursive: true }));
}

/**
 * Mean microseconds to create (and close) a new empty file in each of
 * `dirs`: each is moved into `keepIn` at once, so the probe frees no inode
 * and leaves nothing in the directories probed (a queue's pid/ and intd/).
 */
function probe(dirs: string[], keepIn: string, round: number): number {
  Deno.mkdirSync(keepIn, { recursive: true });
  let us = 0;
  for (const [d, dir] of dirs.entries()) {
    for (let i = 0; i < PROBE_FILES; i++) {
      const path = `${dir}/settle-probe`;
      const t0 = performance.now();
      Deno.openSync(path, { write: true, createNew: true }).close();
      us += (performance.now() - t0) * 1000;
      Deno.renameSync(path, `${keepIn}/${round}.${d}.${i}`);
    }
  }
  return us / (PROBE_FILES * dirs.length);
}

/**
 * Waits until creating files in `dirs` (where the measured server will
 * create its files) is quick, at most `maxSeconds`. The probe files end in
 * `keepIn`, a directory removed with the bench's leftovers.
 */
export async function settle(dirs: string[], keepIn: string, maxSeconds = 240): Promise<void> {
  const started = performance.now();
  for (let round = 0;; round++) {
    const us = probe(dirs, keepIn, round);
    const waited = (performance.now() - started) / 1000;
    if (us <= QUICK_CREATE_US) {
      if (round > 0) console.log(`  (file system settled after ${waited.toFixed(0)} s)`);
      return;
    }
    if (waited >= maxSeconds) {
      console.log(`  (creates still take ${us.toFixed(0)} µs each; the figure below includes it)`);
      return;
    }
    if (round === 0) {
      console.log(
        `  (creates take ${
          us.toFixed(0)
        } µs each after recent removals; waiting for the file system)`,
      );
    }
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}

/** The directories a qmail tree's queue creates files in: pid/ (mess files) and intd/. */
export function queueCreateDirs(home: string): string[] {
  return [`${home}/queue/pid`, `${home}/queue/intd`];
}
