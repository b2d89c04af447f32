/**
 * qmail-send's main loop (qmail-send.c main): preprocess todo/, run the
 * passes and deliveries, finish messages, sweep leftovers, and sleep until
 * the next thing is due or something happens (a trigger pull, a delivery
 * result, a signal). SIGALRM makes every job due now, SIGHUP re-reads
 * locals and virtualdomains, SIGTERM stops new work, waits for deliveries in
 * flight, records each job's next retry in its file's mtime, logs
 * `status: exiting` and returns 0.
 *
 * @module
 */

import type { LocalDeliverer } from "../local/deliverer.ts";
import type { RemoteDeliverer } from "../remote/deliverer.ts";
import type { Cleaner } from "./clean.ts";
import type { BounceInjector, SendContext } from "./context.ts";
import { readSendConfig, rereadSendConfig, routerOf, type SendConfig } from "./controls.ts";
import { Deliveries } from "./deliveries.ts";
import { Finisher } from "./finish.ts";
import { logLine, type LogSink } from "./log.ts";
import { Sweeper } from "./ossified.ts";
import { Preprocessor } from "./preprocess.ts";
import { Prioq } from "./prioq.ts";
import { QueueFs, seconds } from "./queue_fs.ts";
import { type Channel, CHANNELS, SLEEP_SYSFAIL } from "./schedule.ts";
import { TriggerFifo } from "./trigger_fifo.ts";
import { SPAWN } from "../control/compiled.ts";

/** The longest qmail-send sleeps in one go (SLEEP_FOREVER, seconds). */
const SLEEP_FOREVER = 86400;

/** What qmail-send runs with. */
export interface SendOptions {
  /** QMAILHOME. */
  home: string;
  log: LogSink;
  local: LocalDeliverer;
  remote: RemoteDeliverer;
  cleaner: Cleaner;
  injectBounce: BounceInjector;
  /** The deliverers' own concurrency limits (qmail's spawn byte); default SPAWN. */
  spawnLimits?: Partial<Record<Channel, number>>;
  /** Controls already read (default: read from home). */
  config?: SendConfig;
  /** Seconds since the epoch (tests move time). */
  now?: () => number;
  /** Listen on lock/trigger (default true). */
  trigger?: boolean;
}

/** One running qmail-send. */
export class QmailSend {
  readonly ctx: SendContext;
  readonly #home: string;
  readonly #cfg: SendConfig;
  readonly #pre: Preprocessor;
  readonly #del: Deliveries;
  readonly #fin: Finisher;
  readonly #sweep: Sweeper;
  readonly #useTrigger: boolean;
  #runAsap = false;
  #readAsap = false;
  #kicked = false;
  #wake: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  #lostLogged = new Set<string>();

  constructor(opts: SendOptions) {
    this.#home = opts.home;
    this.#cfg = opts.config ?? readSendConfig(opts.home);
    this.#useTrigger = opts.trigger ?? true;
    const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    this.ctx = {
      fs: new QueueFs(`${opts.home}/queue`),
      log: opts.log,
      now,
      recent: now(),
      controls: this.#cfg.controls,
      router: routerOf(this.#cfg),
      cleaner: opts.cleaner,
      local: opts.local,
      remote: opts.remote,
      injectBounce: opts.injectBounce,
      pqchan: { local: new Prioq(), remote: new Prioq() },
      pqdone: new Prioq(),
      pqfail: new Prioq(),
      chans: new Map(),
      checkedDone: new Set(),
      bounces: new Set(),
      exitAsap: false,
      kick: () => this.#kick(),
      lost: (what) => this.#lost(what),
    };
    const c = this.#cfg.controls;
    const limits = {
      local: Math.min(c.concurrencylocal, opts.spawnLimits?.local ?? SPAWN),
      remote: Math.min(c.concurrencyremote, opts.spawnLimits?.remote ?? SPAWN),
    };
    this.#pre = new Preprocessor(this.ctx);
    this.#del = new Deliveries(this.ctx, limits, (r) => this.#cfg.virtualdomains.strip(r));
    this.#fin = new Finisher(this.ctx);
    this.#sweep = new Sweeper(this.ctx);
  }

  /** SIGHUP: re-read locals and virtualdomains. */
  hup(): void {
    this.#readAsap = true;
    this.#kick();
  }

  /** SIGALRM: every job is due now. */
  alrm(): void {
    this.#runAsap = true;
    this.#kick();
  }

  /** SIGTERM: finish what is in flight, then exit. */
  term(): void {
    this.ctx.exitAsap = true;
    this.#kick();
  }

  /** The trigger was pulled (also what lock/trigger does). */
  pull(): void {
    this.#pre.trigger();
    this.#kick();
  }

  #kick(): void {
    this.#kicked = true;
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  #lost(what: "qmail-clean" | "spawn"): void {
    if (!this.#lostLogged.has(what)) {
      this.#lostLogged.add(what);
      this.ctx.log.write(logLine.alert(`oh no! lost ${what} connection! dying...`));
    }
    this.term();
  }

  /** Runs until SIGTERM (or a lost connection); returns the exit code. */
  async run(): Promise<number> {
    const ctx = this.ctx;
    let trigger: TriggerFifo | undefined;
    if (this.#useTrigger) {
      trigger = await TriggerFifo.open(`${ctx.fs.queue}/lock/trigger`);
      trigger.listen(() => this.pull());
    }
    try {
      this.#pqstart();
      ctx.log.write(this.#del.status());
      while (!(ctx.exitAsap && this.#canExit())) {
        ctx.recent = ctx.now();
        if (this.#runAsap) {
          this.#runAsap = false;
          for (const c of CHANNELS) ctx.pqchan[c].setAll(ctx.recent);
        }
        if (this.#readAsap) {
          this.#readAsap = false;
          this.#reread();
        }
        this.#kicked = false;
        this.#pre.step();
        this.#del.step();
        this.#failStep();
        this.#fin.step();
        this.#sweep.step();
        await this.#sleep(this.#wakeup());
      }
      this.#pqfinish();
      ctx.log.write(logLine.exiting);
    } finally {
      this.#stopTimer();
      await trigger?.close();
      await ctx.log.flush();
    }
    return 0;
  }

  #canExit(): boolean {
    return this.#del.idle() && this.#pre.running === 0 && this.#fin.running === 0 &&
      !this.#sweep.running;
  }

  #wakeup(): number {
    const fail = this.ctx.pqfail.min()?.dt ?? Infinity;
    return Math.min(
      this.#pre.wakeup(),
      this.#del.wakeup(),
      fail,
      this.#fin.wakeup(),
      this.#sweep.wakeup(),
      this.ctx.recent + SLEEP_FOREVER,
    );
  }

  /**
   * Sleeps until `wakeup` (seconds) or a kick. One timer serves many sleeps:
   * it is replaced only when a sleep must end sooner than it fires (a timer
   * per loop turn costs more than the turn). Waking early is harmless: the
   * loop works out what is due and sleeps again.
   */
  async #sleep(wakeup: number): Promise<void> {
    if (this.#kicked) return;
    const ctx = this.ctx;
    // Work due now: yield to I/O once, then go round again.
    const ms = wakeup <= ctx.recent ? 0 : Math.max(0, (wakeup - ctx.now()) * 1000) + 5;
    const at = performance.now() + ms;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      if (this.#timer !== undefined && this.#timerAt <= at) return;
      clearTimeout(this.#timer);
      this.#timerAt = at;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#timerAt = Infinity;
        this.#kick();
      }, ms);
    });
    this.#wake = null;
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #reread(): void {
    const alert = rereadSendConfig(this.#home, this.#cfg);
    if (alert) {
      this.ctx.log.write(logLine.alert(alert));
      return;
    }
    this.ctx.router = routerOf(this.#cfg);
  }

  /** pqstart: schedule every message with an info file. */
  #pqstart(): void {
    let ids: number[];
    try {
      ids = this.ctx.fs.listSplit("info");
    } catch {
      ids = [];
    }
    try {
      for (const id of this.ctx.fs.listFlat("bounce")) this.ctx.bounces.add(id);
    } catch {
      // unreadable: messdone then looks on disk for each message
    }
    for (const id of ids) this.#pqadd(id);
  }

  /** pqadd: schedule a message by its files (channel files' mtimes are their next retry). */
  #pqadd(id: number): void {
    const ctx = this.ctx;
    const fs = ctx.fs;
    let dir: "info" | "todo" | Channel = "info";
    try {
      if (!fs.exists("info", id)) return;
      dir = "todo";
      if (fs.exists("todo", id)) return; // preprocessing will start over
      let n = 0;
      for (const c of CHANNELS) {
        dir = c;
        const st = fs.stat(c, id);
        if (st) {
          ctx.pqchan[c].insert({ id, dt: seconds(st.mtime) });
          n++;
        }
      }
      if (n > 0) ctx.chans.set(id, n);
      else ctx.pqdone.insert({ id, dt: ctx.now() });
    } catch {
      ctx.log.write(logLine.warning(`unable to stat ${fs.rel(dir, id)}; will try again later`));
      ctx.pqfail.insert({ id, dt: ctx.now() + SLEEP_SYSFAIL });
    }
  }

  #failStep(): void {
    const q = this.ctx.pqfail;
    for (let pe = q.min(); pe && pe.dt <= this.ctx.recent; pe = q.min()) {
      q.delMin();
      this.#pqadd(pe.id);
    }
  }

  /** pqfinish: record each waiting job's next retry as its channel file's mtime. */
  #pqfinish(): void {
    const fs = this.ctx.fs;
    for (const c of CHANNELS) {
      for (const pe of this.ctx.pqchan[c].entries()) {
        try {
          Deno.utimeSync(fs.path(c, pe.id), pe.dt, pe.dt);
        } catch {
          this.ctx.log.write(logLine.warning(
            `unable to utime ${fs.rel(c, pe.id)}; message will be retried too soon`,
          ));
        }
      }
    }
  }
}
