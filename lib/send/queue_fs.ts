/**
 * The file operations qmail-send performs in the queue, with the names it
 * logs (`info/5/1234`, relative to the queue as qmail's fmtqfn makes them).
 *
 * @module
 */

import { type QueueDir, queuePath, SPLIT } from "../queue/layout.ts";
import { infoSender } from "./records.ts";

/** A message's sender and birth (info/N's first record and mtime, qmail-send.c getinfo). */
export interface MessageInfo {
  sender: string;
  /** Seconds since the epoch. */
  birth: number;
}

/** Seconds since the epoch of a file time. */
export function seconds(d: Date | null | undefined): number {
  return d ? Math.floor(d.getTime() / 1000) : 0;
}

/** The queue seen by qmail-send. */
export class QueueFs {
  /**
   * Senders of info files this process wrote or read: info/N never changes
   * once written, so a job start needs only its mtime (the birth, which a
   * `touch` may move). Forgotten when the message is finished.
   */
  readonly #senders = new Map<number, string>();

  constructor(readonly queue: string) {}

  /** Absolute path of message `id` in `dir`. */
  path(dir: QueueDir, id: number): string {
    return queuePath(this.queue, dir, id);
  }

  /** The name qmail-send logs for it (`local/5/1234`, `todo/1234`). */
  rel(dir: QueueDir | "foop", id: number): string {
    return dir === "foop" ? `foop/${id}` : this.path(dir, id).slice(this.queue.length + 1);
  }

  /** Stat, or null when the file does not exist; other errors are thrown. */
  stat(dir: QueueDir, id: number): Deno.FileInfo | null {
    try {
      return Deno.statSync(this.path(dir, id));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
  }

  /** True when the file exists; throws on errors other than "not found". */
  exists(dir: QueueDir, id: number): boolean {
    return this.stat(dir, id) !== null;
  }

  /** Removes a file; a missing file is fine. Throws on other errors. */
  unlinkQuiet(dir: QueueDir, id: number): void {
    try {
      Deno.removeSync(this.path(dir, id));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }

  /** info/N's sender and birth, or undefined when unreadable or malformed. */
  readInfo(id: number): MessageInfo | undefined {
    try {
      const p = this.path("info", id);
      const st = Deno.statSync(p);
      let sender = this.#senders.get(id);
      if (sender === undefined) {
        sender = infoSender(Deno.readFileSync(p));
        if (sender === undefined) return undefined;
        this.#senders.set(id, sender);
      }
      return { sender, birth: seconds(st.mtime) };
    } catch {
      return undefined;
    }
  }

  /** Records the sender of an info/N just written (saves reading it back). */
  rememberSender(id: number, sender: string): void {
    this.#senders.set(id, sender);
  }

  /** Forgets what is remembered of message `id` (its info/N is going). */
  forget(id: number): void {
    this.#senders.delete(id);
  }

  /**
   * Marks the record at `pos` of local/N or remote/N done (a `D` over its
   * `T`, qmail-send.c markdone) and syncs it to disk, so a crash afterwards
   * never repeats the delivery.
   */
  async markDone(dir: "local" | "remote", id: number, pos: number): Promise<void> {
    using f = Deno.openSync(this.path(dir, id), { write: true });
    f.seekSync(pos, Deno.SeekMode.Start);
    if (f.writeSync(new Uint8Array([0x44])) !== 1) throw new Error("short write");
    await f.sync();
  }

  /** Appends to a file, creating it (mode 600), and syncs it. */
  async append(dir: QueueDir, id: number, bytes: Uint8Array): Promise<void> {
    using f = Deno.openSync(this.path(dir, id), { append: true, create: true, mode: 0o600 });
    let b = bytes;
    while (b.length > 0) b = b.subarray(f.writeSync(b));
    await f.sync();
  }

  /** The message numbers in a split directory (info/, mess/ …), as qmail's readsubdir finds them. */
  listSplit(dir: "info" | "mess" | "local" | "remote"): number[] {
    const out: number[] = [];
    for (let i = 0; i < SPLIT; i++) {
      let entries: Deno.DirEntry[];
      try {
        entries = [...Deno.readDirSync(`${this.queue}/${dir}/${i}`)];
      } catch {
        continue;
      }
      for (const e of entries) if (/^[0-9]+$/.test(e.name)) out.push(Number(e.name));
    }
    return out;
  }

  /** The message numbers in a flat directory (todo/). */
  listFlat(dir: "todo" | "bounce"): number[] {
    const out: number[] = [];
    for (const e of Deno.readDirSync(`${this.queue}/${dir}`)) {
      if (/^[0-9]+$/.test(e.name)) out.push(Number(e.name));
    }
    return out;
  }
}
