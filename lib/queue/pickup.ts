/**
 * qmail-pickup's work: move every finished drop in queue/maildrop into the
 * queue with qmail-queue's writer, then remove the drop. The drop is removed
 * only after todo/N is linked and fsynced, so a crash in between can at worst
 * queue a message twice (INTERNALS §6: duplicates, never loss).
 *
 * @module
 */

import { enqueue } from "./enqueue.ts";
import { QueueError } from "./errors.ts";
import { DROP_HEADER_SIZE, maildropDir, parseDropHeader } from "./maildrop.ts";
import { invoker } from "./submit.ts";

/** Unfinished drops older than this are removed (qmail-send's 36-hour cleanup). */
const OSSIFIED_MS = 36 * 3600 * 1000;

/** What one drop came to, for the log. */
export type PickupResult =
  | { file: string; kind: "queued"; id: number; uid: number }
  | { file: string; kind: "rejected"; reason: string }
  | { file: string; kind: "deferred"; reason: string }
  | { file: string; kind: "cleaned" };

async function* readRange(f: Deno.FsFile, length: number): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(65536);
  let left = length;
  while (left > 0) {
    const n = await f.read(buf.subarray(0, Math.min(buf.length, left)));
    if (n === null) throw new Error("drop file ended early");
    left -= n;
    yield buf.slice(0, n);
  }
}

async function readRest(f: Deno.FsFile): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  for (let n = await f.read(buf); n !== null; n = await f.read(buf)) parts.push(buf.slice(0, n));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** Moves one drop file into the queue. */
async function pickOne(home: string, path: string, file: string): Promise<PickupResult> {
  const st = Deno.lstatSync(path);
  // Only a plain file with one link: never follow a symlink or take another's hard link.
  if (!st.isFile || st.nlink !== 1 || st.uid === null) {
    await Deno.remove(path);
    return { file, kind: "rejected", reason: "not a plain drop file" };
  }
  using f = await Deno.open(path, { read: true });
  const fst = await f.stat();
  if (fst.ino !== st.ino) return { file, kind: "deferred", reason: "file changed while opening" };
  const head = new Uint8Array(DROP_HEADER_SIZE);
  const got = await f.read(head);
  const h = got === DROP_HEADER_SIZE ? parseDropHeader(head) : undefined;
  if (!h || h.messageLength > fst.size - DROP_HEADER_SIZE) {
    await Deno.remove(path);
    return { file, kind: "rejected", reason: "bad drop header" };
  }
  const who = invoker(home, st.uid);
  try {
    const { id } = await enqueue({
      queue: `${home}/queue`,
      message: readRange(f, h.messageLength),
      envelope: () => readRest(f),
      uid: st.uid,
      pid: h.pid,
      origin: who.origin,
      owner: (Deno.uid() ?? 0) === 0 ? who.queueOwner : undefined,
    });
    await Deno.remove(path);
    return { file, kind: "queued", id, uid: st.uid };
  } catch (e) {
    if (e instanceof QueueError && !e.temporary) {
      await Deno.remove(path);
      return { file, kind: "rejected", reason: e.message };
    }
    return { file, kind: "deferred", reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Handles every drop present now; removes unfinished ones older than 36 hours. */
export async function pickupOnce(home: string, now = Date.now()): Promise<PickupResult[]> {
  const dir = maildropDir(home);
  const results: PickupResult[] = [];
  for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1)) {
    const path = `${dir}/${entry.name}`;
    if (entry.name.startsWith("m.")) {
      results.push(await pickOne(home, path, entry.name));
    } else if (now - (Deno.lstatSync(path).mtime?.getTime() ?? now) > OSSIFIED_MS) {
      await Deno.remove(path);
      results.push({ file: entry.name, kind: "cleaned" });
    }
  }
  return results;
}

/** A log line for a result, in the spirit of qmail's logs. */
export function formatPickup(r: PickupResult): string {
  switch (r.kind) {
    case "queued":
      return `pickup ${r.file}: queued msg ${r.id} from uid ${r.uid}`;
    case "rejected":
      return `warning: pickup ${r.file}: removed: ${r.reason}`;
    case "deferred":
      return `warning: pickup ${r.file}: will retry: ${r.reason}`;
    case "cleaned":
      return `pickup ${r.file}: removed unfinished drop older than 36 hours`;
  }
}
