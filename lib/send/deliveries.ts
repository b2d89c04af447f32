/**
 * qmail-send's jobs, passes and deliveries (qmail-send.c JOBS, PASSES,
 * DELIVERIES): a pass per channel takes the message due first, reads its
 * local/N or remote/N, and starts a delivery for each recipient not yet
 * marked done, up to the channel's concurrency. A success or a permanent
 * failure (recorded in bounce/N first) marks the recipient `D` and syncs
 * the file before the job can be closed, so no finished recipient is tried
 * again; when all are done the channel file goes, else the job is
 * rescheduled by the retry schedule.
 *
 * @module
 */

import type { DeliveryResult } from "../local/deliverer.ts";
import { bounceRecord } from "./bounce_text.ts";
import { toBytes } from "./bytes.ts";
import type { SendContext } from "./context.ts";
import { type ChannelStatus, logLine } from "./log.ts";
import { parseRecords, type QueueRecord } from "./records.ts";
import { type Channel, CHANNELS, isDying, nextRetry, SLEEP_SYSFAIL } from "./schedule.ts";
import { verpSender } from "./bounce_text.ts";

/** Appended to a deferral of a message past queuelifetime, which then fails. */
export const TOO_LONG =
  "I'm not going to try again; this message has been in the queue too long.\n";

interface Job {
  id: number;
  channel: Channel;
  sender: string;
  retry: number;
  dying: boolean;
  numtodo: number;
  hitEof: boolean;
  refs: number;
  /** Deliveries started and not yet answered. */
  inflight: number;
  /** The pass is still reading the job's file. */
  passing: boolean;
  /** Counted against numjobs (while the pass reads it or deliveries run). */
  counted: boolean;
}

interface Pass {
  job: Job;
  records: QueueRecord[];
  next: number;
}

/** The delivery side of qmail-send. */
export class Deliveries {
  readonly limit: Record<Channel, number>;
  readonly used: Record<Channel, number> = { local: 0, remote: 0 };
  readonly #pass: Record<Channel, Pass | null> = { local: null, remote: null };
  #jobs = 0;
  #marking = 0;
  #masterDelid = 1;
  readonly #virtualStrip: (r: string) => string;

  constructor(
    readonly ctx: SendContext,
    limits: Record<Channel, number>,
    strip: (r: string) => string,
  ) {
    this.limit = { ...limits };
    this.#virtualStrip = strip;
  }

  get numjobs(): number {
    return this.limit.local + this.limit.remote;
  }

  /** True when no delivery is running and no result is being recorded (del_canexit). */
  idle(): boolean {
    return this.used.local === 0 && this.used.remote === 0 && this.#marking === 0;
  }

  /** The `status:` line. */
  status(): string {
    const s = (c: Channel): ChannelStatus => ({ used: this.used[c], limit: this.limit[c] });
    return logLine.status(s("local"), s("remote"), this.ctx.exitAsap);
  }

  #avail(c: Channel): boolean {
    return this.used[c] < this.limit[c];
  }

  /** The earliest time a pass has work (pass_selprep), in seconds. */
  wakeup(): number {
    if (this.ctx.exitAsap) return Infinity;
    let w = Infinity;
    for (const c of CHANNELS) if (this.#pass[c] && this.#avail(c)) return 0;
    if (this.#jobs < this.numjobs) {
      for (const c of CHANNELS) {
        const pe = this.#pass[c] ? undefined : this.ctx.pqchan[c].min();
        if (pe && pe.dt < w) w = pe.dt;
      }
    }
    return w;
  }

  /** Runs the passes as far as they can go now (pass_dochan for each channel). */
  step(): void {
    for (const c of CHANNELS) this.#pump(c);
  }

  #pump(c: Channel): void {
    const ctx = this.ctx;
    const fs = ctx.fs;
    while (!ctx.exitAsap) {
      let pass = this.#pass[c];
      if (!pass) {
        if (this.#jobs >= this.numjobs) return;
        const pe = ctx.pqchan[c].min();
        if (!pe || pe.dt > ctx.recent) return;
        ctx.pqchan[c].delMin();
        let records: QueueRecord[];
        const info = ctx.fs.readInfo(pe.id);
        try {
          if (!info) throw new Error("no info");
          records = parseRecords(Deno.readFileSync(fs.path(c, pe.id)));
        } catch {
          ctx.log.write(
            logLine.warning(`trouble opening ${fs.rel(c, pe.id)}; will try again later`),
          );
          ctx.pqchan[c].insert({ id: pe.id, dt: ctx.recent + SLEEP_SYSFAIL });
          continue;
        }
        this.#jobs++;
        const job: Job = {
          id: pe.id,
          channel: c,
          sender: info!.sender,
          retry: nextRetry(info!.birth, ctx.recent, c),
          dying: isDying(info!.birth, ctx.recent, ctx.controls.queuelifetime),
          numtodo: 0,
          hitEof: false,
          refs: 1,
          inflight: 0,
          passing: true,
          counted: true,
        };
        pass = this.#pass[c] = { job, records, next: 0 };
      }
      if (!this.#avail(c)) return;
      const r = pass.records[pass.next++];
      if (r === undefined || r.type === "T") {
        if (r === undefined) {
          pass.job.hitEof = true;
          this.#pass[c] = null;
          pass.job.passing = false;
          this.#release(pass.job);
          this.#close(pass.job);
        } else {
          pass.job.numtodo++;
          this.#start(pass.job, r);
        }
      } else if (r.type !== "D") {
        ctx.log.write(logLine.warning(`unknown record type in ${fs.rel(c, pass.job.id)}!`));
        this.#pass[c] = null;
        pass.job.passing = false;
        this.#release(pass.job);
        this.#close(pass.job);
      }
    }
  }

  #start(job: Job, r: QueueRecord): void {
    const ctx = this.ctx;
    const c = job.channel;
    const delivery = this.#masterDelid++;
    job.refs++;
    job.inflight++;
    this.used[c]++;
    const recipient = r.text;
    ctx.log.write(logLine.starting(delivery, job.id, c, recipient));
    ctx.log.write(this.status());
    const messagePath = ctx.fs.path("mess", job.id);
    const sender = verpSender(job.sender, recipient);
    let result: Promise<DeliveryResult>;
    if (c === "local") {
      result = ctx.local.deliver({ delivery, id: job.id, messagePath, sender, recipient });
    } else {
      const at = recipient.lastIndexOf("@");
      result = ctx.remote.deliver({
        delivery,
        id: job.id,
        messagePath,
        sender,
        host: at < 0 ? "" : recipient.slice(at + 1),
        recipients: [recipient],
      }).then((rr) => rr.recipients[0]);
    }
    result.then(
      (res) => this.#finish(job, delivery, r, res),
      (err) => this.#finish(job, delivery, r, err),
    );
  }

  async #finish(job: Job, delivery: number, r: QueueRecord, res: DeliveryResult | unknown) {
    const ctx = this.ctx;
    const c = job.channel;
    this.#marking++;
    try {
      let status = valid(res) ? res.status : undefined;
      // The raw report, when the deliverer gives one beside its (log-safe) text.
      let text = valid(res) ? reportOf(res) : "";
      if (status === "deferral" && job.dying) {
        status = "failure";
        text += TOO_LONG;
      }
      if (status === undefined) {
        ctx.log.write(logLine.mangled(delivery));
      } else {
        ctx.log.write(logLine.delivery(delivery, status, text));
      }
      this.used[c]--;
      job.inflight--;
      this.#release(job);
      ctx.log.write(this.status());
      ctx.kick();
      // A failure whose bounce cannot be recorded before qmail-send must exit is
      // left unmarked: the next run tries the recipient again (nothing lost).
      if (status === "failure" && !(await this.#addBounce(job.id, r.text, text))) {
        this.#close(job);
        return;
      }
      // The last recipient of a file that is about to be removed needs no mark:
      // removing local/N or remote/N records it (and with no recipient left, there
      // is no next attempt to protect). Any other finished recipient is marked D
      // and synced before its job can be rescheduled.
      const last = job.hitEof && job.numtodo === 1 && job.inflight === 0 && job.refs === 1;
      if ((status === "success" || status === "failure") && last) job.numtodo--;
      else if (status === "success" || status === "failure") {
        try {
          await ctx.fs.markDone(c, job.id, r.pos);
        } catch {
          ctx.log.write(logLine.warning(
            `trouble marking ${ctx.fs.rel(c, job.id)}; message will be delivered twice!`,
          ));
        }
        job.numtodo--;
      }
      this.#close(job);
    } finally {
      this.#marking--;
      ctx.kick();
    }
  }

  /**
   * Appends to bounce/N, trying every 10 seconds as qmail-send does; false
   * when qmail-send is told to exit before it succeeds (qmail would hang on).
   */
  async #addBounce(id: number, recipient: string, report: string): Promise<boolean> {
    const bytes = toBytes(bounceRecord(this.#virtualStrip(recipient), report));
    for (;;) {
      try {
        await this.ctx.fs.append("bounce", id, bytes);
        this.ctx.bounces.add(id);
        return true;
      } catch {
        if (this.ctx.exitAsap) return false;
        this.ctx.log.write(logLine.alert("unable to append to bounce message; HELP! sleeping..."));
        for (let s = 0; s < 10 && !this.ctx.exitAsap; s++) {
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }

  #finishChannel(job: Job): void {
    this.#marking++;
    finishChannelFile(this.ctx, job).finally(() => {
      this.#marking--;
      this.ctx.kick();
    });
  }

  /**
   * A job stops counting against numjobs once its pass is done and no
   * delivery of it is running: recording results (a sync each) does not hold
   * a job slot, so many records are synced at once and share disk commits.
   */
  #release(job: Job): void {
    if (job.counted && !job.passing && job.inflight === 0) {
      job.counted = false;
      this.#jobs--;
    }
  }

  /** job_close: reschedule the job, or remove its finished channel file. */
  #close(job: Job): void {
    if (--job.refs > 0) return;
    if (job.hitEof && job.numtodo === 0) {
      this.#finishChannel(job);
      return;
    }
    this.ctx.pqchan[job.channel].insert({ id: job.id, dt: job.retry });
  }
}

/** Removes a finished channel file; when no channel is left, the message is done. */
async function finishChannelFile(ctx: SendContext, job: { id: number; channel: Channel }) {
  const fs = ctx.fs;
  const { id, channel: c } = job;
  try {
    await Deno.remove(fs.path(c, id));
  } catch {
    ctx.log.write(logLine.warning(`unable to unlink ${fs.rel(c, id)}; will try again later`));
    ctx.pqchan[c].insert({ id, dt: ctx.now() + SLEEP_SYSFAIL });
    return;
  }
  const left = ctx.chans.get(id);
  if (left !== undefined) {
    if (left > 1) {
      ctx.chans.set(id, left - 1);
      return; // more channels going
    }
    ctx.chans.delete(id);
    ctx.checkedDone.add(id);
  } else {
    for (const other of CHANNELS) {
      if (other === c) continue;
      try {
        if (fs.exists(other, id)) return; // more channels going
      } catch {
        ctx.log.write(logLine.warning(`unable to stat ${fs.rel(other, id)}`));
      }
    }
  }
  ctx.pqdone.insert({ id, dt: ctx.now() });
}

function reportOf(res: DeliveryResult): string {
  const report = (res as { report?: unknown }).report;
  return typeof report === "string" ? report : res.text;
}

function valid(res: unknown): res is DeliveryResult {
  if (typeof res !== "object" || res === null) return false;
  const r = res as DeliveryResult;
  return (r.status === "success" || r.status === "deferral" || r.status === "failure") &&
    typeof r.text === "string";
}
