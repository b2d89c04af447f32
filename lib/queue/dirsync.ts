/**
 * fsync of queue directories, so that names just created in them survive a
 * crash (qmail relies on BSD's synchronous directory writes; Linux needs the
 * explicit fsync). Messages queued concurrently in one process share the
 * fsyncs of a directory (group commit, {@linkcode Coalescer}).
 *
 * A long-running server queues thousands of messages into the same two dozen
 * directories; while it holds them ({@linkcode holdDirHandles}), the
 * directory handles stay open between fsyncs instead of being opened and
 * closed for each (a path lookup and a permission check each time). A
 * handle is reopened after {@linkcode REOPEN_MS}, so a directory replaced
 * under a running server is not synced through its old handle for long, and
 * all are closed when the last hold is released.
 *
 * @module
 */

import { Coalescer } from "./coalesce.ts";

/** The longest an open directory handle is reused. */
export const REOPEN_MS = 5_000;

const syncs = new Coalescer();
const open = new Map<string, { file: Deno.FsFile; since: number }>();
let holds = 0;

function closeAll(): void {
  for (const { file } of open.values()) file.close();
  open.clear();
}

/**
 * Keeps directory handles open until released (one hold per session of a
 * server; the handles close when the last is released).
 */
export function holdDirHandles(): { release(): void } {
  holds++;
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (--holds === 0) closeAll();
    },
  };
}

/** An open handle for `dir`: the held one, or a new one the caller closes (`owned`). */
function handleFor(dir: string): { file: Deno.FsFile; owned: boolean } {
  if (holds === 0) return { file: Deno.openSync(dir, { read: true }), owned: true };
  const now = performance.now();
  const held = open.get(dir);
  if (held && now - held.since < REOPEN_MS) return { file: held.file, owned: false };
  held?.file.close();
  const file = Deno.openSync(dir, { read: true });
  open.set(dir, { file, since: now });
  return { file, owned: false };
}

/** fsyncs a directory, so the names created in it so far survive a crash. */
export function fsyncDir(dir: string): Promise<void> {
  return syncs.run(dir, async () => {
    const { file, owned } = handleFor(dir);
    try {
      await file.sync();
    } finally {
      if (owned) file.close();
    }
  });
}
