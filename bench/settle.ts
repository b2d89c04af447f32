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
 * So a bench keeps the trees it made until it ends (`keep`, then `dispose`),
 * and before each measurement waits, bounded, until creating files next to
 * the tree is quick again (`settle`), printing what it saw.
 *
 * @module
 */

/** Mean creates slower than this (µs) mean the group is still skipping freed inodes. */
const QUICK_CREATE_US = 60;
const PROBE_FILES = 200;
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

/** Mean microseconds to create (and close) one new empty file in `dir`, which must not exist. */
function probe(dir: string): number {
  Deno.mkdirSync(dir);
  const t0 = performance.now();
  for (let i = 0; i < PROBE_FILES; i++) {
    Deno.openSync(`${dir}/${i}`, { write: true, createNew: true }).close();
  }
  return (performance.now() - t0) * 1000 / PROBE_FILES;
}

/**
 * Waits until creating files in `base` (a directory kept until the bench
 * ends) is quick, at most `maxSeconds`. The probe files are left in place:
 * removing them would free inodes again.
 */
export async function settle(base: string, maxSeconds = 240): Promise<void> {
  const started = performance.now();
  for (let round = 0;; round++) {
    const us = probe(`${base}/settle-probe-${round}`);
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
