/**
 * qmail-send's cleanup of leftovers (qmail-send.c cleanup_do): at start and
 * every SLEEP_CLEANUP seconds, every mess/N not accessed for 36 hours that
 * has neither info/N nor todo/N is what a crashed qmail-queue left (INTERNALS
 * states S2, S3): qmail-clean removes it with intd/N.
 *
 * @module
 */

import type { SendContext } from "./context.ts";
import { logLine } from "./log.ts";
import { OSSIFIED, SLEEP_CLEANUP } from "./schedule.ts";
import { seconds } from "./queue_fs.ts";

/** The periodic sweep of mess/. */
export class Sweeper {
  #due: number;
  #running = false;

  constructor(readonly ctx: SendContext) {
    this.#due = ctx.now();
  }

  /** When the next sweep is due (seconds). */
  wakeup(): number {
    return this.#running || this.ctx.exitAsap ? Infinity : this.#due;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts a sweep when one is due. */
  step(): void {
    const ctx = this.ctx;
    if (this.#running || ctx.exitAsap || ctx.recent < this.#due) return;
    this.#running = true;
    this.#sweep().finally(() => {
      this.#running = false;
      this.#due = ctx.now() + SLEEP_CLEANUP;
      ctx.kick();
    });
  }

  async #sweep(): Promise<void> {
    const ctx = this.ctx;
    const fs = ctx.fs;
    let ids: number[];
    try {
      ids = fs.listSplit("mess");
    } catch {
      ctx.log.write(logLine.alert("unable to opendir mess, sleeping..."));
      return;
    }
    for (const id of ids) {
      if (ctx.exitAsap) return;
      try {
        const st = fs.stat("mess", id);
        if (!st || ctx.recent <= seconds(st.atime ?? st.mtime) + OSSIFIED) continue;
        if (fs.exists("info", id) || fs.exists("todo", id)) continue;
      } catch {
        continue;
      }
      try {
        const reply = await ctx.cleaner.clean("foop", id);
        if (reply !== "+") {
          ctx.log.write(logLine.warning(`qmail-clean unable to clean up ${fs.rel("foop", id)}`));
        }
      } catch {
        ctx.lost("qmail-clean");
        return;
      }
    }
  }
}
