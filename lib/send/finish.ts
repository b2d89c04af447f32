/**
 * The end of a message (qmail-send.c messdone, injectbounce): once neither
 * local/N nor remote/N remains, send the bounce gathered in bounce/N (to the
 * sender; for a bounce, a double bounce to doublebounceto; for a double
 * bounce, nothing: "triple bounce"), log `end msg`, remove info/N, and ask
 * qmail-clean to remove mess/N. Any trouble retries the whole step later.
 *
 * @module
 */

import { bounceAddressOf, composeBounce, DOUBLE_BOUNCE_SENDER } from "./bounce_text.ts";
import type { SendContext } from "./context.ts";
import { logLine } from "./log.ts";
import { CHANNELS, SLEEP_SYSFAIL } from "./schedule.ts";

/** How many messages are finished at once. */
export const FINISH_PARALLEL = 64;

/** The pqdone side of qmail-send. */
export class Finisher {
  readonly #busy = new Set<number>();

  constructor(readonly ctx: SendContext) {}

  get running(): number {
    return this.#busy.size;
  }

  /** When the next message is due (seconds). */
  wakeup(): number {
    if (this.#busy.size >= FINISH_PARALLEL) return Infinity;
    return this.ctx.pqdone.min()?.dt ?? Infinity;
  }

  /** Starts every due messdone, up to the limit. */
  step(): void {
    const ctx = this.ctx;
    while (this.#busy.size < FINISH_PARALLEL) {
      const pe = ctx.pqdone.min();
      if (!pe || pe.dt > ctx.recent) return;
      ctx.pqdone.delMin();
      if (this.#busy.has(pe.id)) continue;
      this.#busy.add(pe.id);
      this.#done(pe.id).then((ok) => {
        if (!ok) ctx.pqdone.insert({ id: pe.id, dt: ctx.now() + SLEEP_SYSFAIL });
      }).finally(() => {
        this.#busy.delete(pe.id);
        ctx.kick();
      });
    }
  }

  /** messdone; false means "try again later". */
  async #done(id: number): Promise<boolean> {
    const ctx = this.ctx;
    const fs = ctx.fs;
    const check = (dir: "local" | "remote" | "todo" | "info") => {
      try {
        return fs.exists(dir, id);
      } catch {
        ctx.log.write(logLine.warning(`unable to stat ${fs.rel(dir, id)}; will try again later`));
        return undefined;
      }
    };
    // Files just checked by whoever scheduled this need no second look.
    if (!ctx.checkedDone.delete(id)) {
      for (const c of CHANNELS) {
        const e = check(c);
        if (e === undefined) return false;
        if (e) return true; // false alarm
      }
      const todo = check("todo");
      if (todo === undefined) return false;
      if (todo) return true;
      const info = check("info");
      if (info === undefined) return false;
      if (!info) return true;
    }
    if (!(await this.#bounce(id))) return false;
    ctx.log.write(logLine.endMsg(id));
    try {
      await Deno.remove(fs.path("info", id));
      fs.forget(id);
    } catch {
      ctx.log.write(
        logLine.warning(`unable to unlink ${fs.rel("info", id)}; will try again later`),
      );
      return false;
    }
    try {
      const reply = await ctx.cleaner.clean("foop", id);
      if (reply !== "+") {
        ctx.log.write(logLine.warning(`qmail-clean unable to clean up ${fs.rel("foop", id)}`));
      }
    } catch {
      ctx.lost("qmail-clean");
    }
    return true;
  }

  /** injectbounce; false means "try again later". */
  async #bounce(id: number): Promise<boolean> {
    const ctx = this.ctx;
    const fs = ctx.fs;
    // No bounce/N, nothing to send (qmail's injectbounce stats it before reading info/N).
    if (!ctx.bounces.has(id)) return true;
    const info = fs.readInfo(id);
    if (!info) return false;
    const sender = bounceAddressOf(info.sender);
    let records: Uint8Array;
    try {
      records = Deno.readFileSync(fs.path("bounce", id));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        ctx.bounces.delete(id);
        return true;
      }
      ctx.log.write(logLine.warning(`unable to stat ${fs.rel("bounce", id)}`));
      return false;
    }
    if (sender === DOUBLE_BOUNCE_SENDER) {
      ctx.log.write(logLine.tripleBounce(fs.rel("bounce", id)));
    } else {
      let message: Uint8Array;
      try {
        message = Deno.readFileSync(fs.path("mess", id));
      } catch {
        ctx.log.write(logLine.warning("trouble injecting bounce message, will try later"));
        return false;
      }
      const { bouncefrom, bouncehost, doublebounceto } = ctx.controls;
      const bounce = composeBounce({
        sender,
        bouncefrom,
        bouncehost,
        doublebounceto,
        records,
        message,
        date: new Date(ctx.now() * 1000),
      });
      let qp: number;
      try {
        qp = await ctx.injectBounce(bounce);
      } catch {
        ctx.log.write(logLine.warning("trouble injecting bounce message, will try later"));
        return false;
      }
      ctx.log.write(logLine.bounceMsg(id, qp));
    }
    try {
      Deno.removeSync(fs.path("bounce", id));
    } catch {
      ctx.log.write(logLine.warning(`unable to unlink ${fs.rel("bounce", id)}`));
      return false;
    }
    ctx.bounces.delete(id);
    return true;
  }
}
