/**
 * qmail-send's todo processing (qmail-send.c todo_do, INTERNALS): for each
 * todo/N, remove stale local/N, remote/N and info/N, create info/N with the
 * sender and local/N, remote/N with the rewritten recipients, sync them, ask
 * qmail-clean to remove todo/N and intd/N, and schedule the channels.
 * Several messages are preprocessed at once so their syncs share disk
 * commits; a crash at any point leaves todo/N, and the next run starts over.
 *
 * @module
 */

import { toBytes } from "./bytes.ts";
import type { SendContext } from "./context.ts";
import { logLine } from "./log.ts";
import { planTodo } from "./preprocess_plan.ts";
import { type Channel, CHANNELS, SLEEP_TODO } from "./schedule.ts";

/** Queue files are created exclusively, readable by qmail-send alone (umask 077). */
const NEW_FILE: Deno.OpenOptions = { write: true, createNew: true, mode: 0o600 };

/** How many messages are preprocessed at once. */
export const PREPROCESS_PARALLEL = 64;

class Trouble extends Error {}

/** The todo/ side of qmail-send. */
export class Preprocessor {
  #pending: number[] = [];
  #scanning = false;
  #busy = new Set<number>();
  #triggered = true;
  #nextRun = 0;

  constructor(readonly ctx: SendContext) {}

  /** The trigger was pulled: scan todo/ again when the current scan is done. */
  trigger(): void {
    this.#triggered = true;
  }

  /** Messages being preprocessed now. */
  get running(): number {
    return this.#busy.size;
  }

  /** When todo/ is due for a scan anyway (seconds), or 0 while work is pending. */
  wakeup(): number {
    if (this.ctx.exitAsap) return Infinity;
    if (this.#pending.length > 0 && this.#busy.size < PREPROCESS_PARALLEL) return 0;
    if (this.#triggered && !this.#scanning) return 0;
    return this.#nextRun;
  }

  /** Starts what is ready: a new scan, and preprocessing up to the limit. */
  step(): void {
    const ctx = this.ctx;
    if (ctx.exitAsap) return;
    if (!this.#scanning) {
      if (!this.#triggered && ctx.recent < this.#nextRun) return;
      this.#triggered = false;
      try {
        this.#pending = ctx.fs.listFlat("todo").filter((id) => !this.#busy.has(id));
      } catch {
        ctx.log.write(logLine.alert("unable to opendir todo, sleeping..."));
        this.#pending = [];
      }
      this.#scanning = true;
      this.#nextRun = ctx.recent + SLEEP_TODO;
    }
    while (this.#busy.size < PREPROCESS_PARALLEL) {
      const id = this.#pending.pop();
      if (id === undefined) {
        if (this.#busy.size === 0) this.#scanning = false;
        break;
      }
      if (this.#busy.has(id)) continue;
      this.#busy.add(id);
      this.#one(id).finally(() => {
        this.#busy.delete(id);
        if (this.#pending.length === 0 && this.#busy.size === 0) this.#scanning = false;
        ctx.kick();
      });
    }
  }

  async #one(id: number): Promise<void> {
    const ctx = this.ctx;
    const fs = ctx.fs;
    const warn = (text: string) => {
      ctx.log.write(logLine.warning(text));
      return new Trouble(text);
    };
    const files: Deno.FsFile[] = [];
    try {
      let todo: Uint8Array;
      try {
        todo = Deno.readFileSync(fs.path("todo", id));
      } catch {
        throw warn(`unable to open ${fs.rel("todo", id)}`);
      }
      let size: number;
      try {
        size = Deno.statSync(fs.path("mess", id)).size;
      } catch {
        throw warn(`unable to stat ${fs.rel("mess", id)}`);
      }
      // Created on the blocking-thread pool: while other messages' fsyncs keep the
      // journal committing, a create can wait for it, and must not stall the loop.
      const create = async (dir: "info" | Channel) => {
        try {
          const f = await Deno.open(fs.path(dir, id), NEW_FILE);
          files.push(f);
          return f;
        } catch {
          throw warn(`unable to create ${fs.rel(dir, id)}`);
        }
      };
      let info: Deno.FsFile;
      try {
        // No info/N means no channel files either (they are made after it and
        // removed before it), so the stale-file removals below are needed only
        // when an earlier attempt at this message was interrupted.
        info = await Deno.open(fs.path("info", id), NEW_FILE);
        files.push(info);
      } catch {
        for (const dir of [...CHANNELS, "info"] as const) {
          try {
            fs.unlinkQuiet(dir, id);
          } catch {
            throw warn(`unable to unlink ${fs.rel(dir, id)}`);
          }
        }
        info = await create("info");
      }
      ctx.log.write(logLine.newMsg(id));
      const plan = planTodo(todo, ctx.router);
      let infoText = "";
      let sender: string | undefined;
      const chan: Partial<Record<Channel, string>> = {};
      for (const item of plan.items) {
        if (item.kind === "sender") {
          infoText += `F${item.sender}\0`;
          sender ??= item.sender;
          ctx.log.write(logLine.infoMsg(id, size, item.sender, item.pid, item.uid));
        } else {
          chan[item.channel] = (chan[item.channel] ?? "") + `T${item.address}\0`;
        }
      }
      if (plan.unknown !== undefined) throw warn(`unknown record type in ${fs.rel("todo", id)}`);
      const writes: [Deno.FsFile, string, "info" | Channel][] = [[info, infoText, "info"]];
      const used = CHANNELS.filter((c) => chan[c] !== undefined);
      const made = await Promise.all(used.map((c) => create(c)));
      used.forEach((c, i) => writes.push([made[i], chan[c]!, c]));
      await Promise.all(writes.map(async ([f, text, dir]) => {
        try {
          let b = toBytes(text);
          while (b.length > 0) b = b.subarray(f.writeSync(b));
        } catch {
          throw warn(`trouble writing to ${fs.rel(dir, id)}`);
        }
        try {
          await f.sync();
        } catch {
          throw warn(`trouble fsyncing ${fs.rel(dir, id)}`);
        }
      }));
      for (const f of files.splice(0)) f.close();
      let reply;
      try {
        reply = await ctx.cleaner.clean("todo", id);
      } catch {
        ctx.lost("qmail-clean");
        return;
      }
      if (reply !== "+") {
        ctx.log.write(logLine.warning(`qmail-clean unable to clean up ${fs.rel("todo", id)}`));
        return;
      }
      if (sender !== undefined) fs.rememberSender(id, sender);
      const now = ctx.now();
      let n = 0;
      for (const c of CHANNELS) {
        if (chan[c] !== undefined) {
          ctx.pqchan[c].insert({ id, dt: now });
          n++;
        }
      }
      if (n > 0) ctx.chans.set(id, n);
      else {
        ctx.checkedDone.add(id);
        ctx.pqdone.insert({ id, dt: now });
      }
    } catch (e) {
      if (!(e instanceof Trouble)) {
        ctx.log.write(logLine.warning(`trouble reading ${fs.rel("todo", id)}`));
      }
    } finally {
      for (const f of files) f.close();
    }
  }
}
