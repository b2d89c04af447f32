/**
 * Warm per-uid delivery workers (root, system trees). Each worker is this
 * executable's `qmail-local --worker`, started with the recipient's uid and
 * primary gid (Deno.Command clears supplementary groups, as qmail-lspawn's
 * prot_gid/prot_uid do), and kept for later deliveries to the same uid until
 * it has been idle a while. The parent (root) reads the message and sends it
 * along with qmail-local's arguments; the worker never sees the queue.
 *
 * Worker protocol, over the worker's stdin/stdout:
 *
 * ```
 * parent → worker: {"seq":N,"args":{…LocalArgs},"size":S}\n  then S bytes of message
 * worker → parent: {"seq":N,"code":C,"output":"…"}\n         (in any order)
 * ```
 *
 * A worker that dies answers its pending deliveries with "qmail-local
 * crashed" (qmail-lspawn's report for a crashed child): deferrals.
 *
 * @module
 */

import { selfCommand } from "../cli/self.ts";
import type { LocalArgs, LocalOutcome } from "./local.ts";
import { FrameReader, jsonLine, SerialWriter } from "./wire.ts";
import { QLX } from "../users/getpw.ts";
import { inheritedEnv } from "./environ.ts";

/** Pool options. */
export interface PoolOptions {
  /** End a worker after this long without deliveries (default 60 s). */
  idleMs?: number;
  /** The environment workers start with (default: this process's). */
  env?: Record<string, string>;
  /** QMAILHOME, set in the workers' environment. */
  home?: string;
}

interface Pending {
  resolve(o: LocalOutcome | null): void;
}

/** One worker process for one uid/gid. */
class UidWorker {
  readonly #child: Deno.ChildProcess;
  readonly #out: SerialWriter;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly done: Promise<void>;

  constructor(
    uid: number,
    gid: number,
    env: Record<string, string>,
    readonly idleMs: number,
    readonly onGone: (w: UidWorker) => void,
  ) {
    const [cmd, args] = selfCommand("qmail-local", ["--worker"]);
    this.#child = new Deno.Command(cmd, {
      args,
      uid,
      gid,
      env,
      clearEnv: true,
      cwd: "/",
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#stdin = this.#child.stdin.getWriter();
    this.#out = new SerialWriter((b) => this.#stdin.write(b));
    this.done = this.#readReplies();
    this.#child.status.catch(() => {});
  }

  get busy(): number {
    return this.#pending.size;
  }

  run(args: LocalArgs, bytes: Uint8Array): Promise<LocalOutcome | null> {
    clearTimeout(this.#timer);
    const seq = ++this.#seq;
    const p = new Promise<LocalOutcome | null>((resolve) => this.#pending.set(seq, { resolve }));
    this.#out.send(jsonLine({ seq, args, size: bytes.length }), bytes).catch(() => {
      this.#finish(seq, null);
    });
    return p;
  }

  #finish(seq: number, o: LocalOutcome | null) {
    const p = this.#pending.get(seq);
    if (!p) return;
    this.#pending.delete(seq);
    p.resolve(o);
    if (this.#pending.size === 0 && !this.#closed) {
      this.#timer = setTimeout(() => this.close(), this.idleMs);
    }
  }

  async #readReplies(): Promise<void> {
    const r = new FrameReader(this.#child.stdout);
    try {
      for (;;) {
        const line = await r.line();
        if (line === null) break;
        let m: { seq: number; code: number; output: string };
        try {
          m = JSON.parse(line);
        } catch {
          continue;
        }
        this.#finish(m.seq, { code: m.code, output: m.output });
      }
    } catch { /* the worker went away */ }
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const seq of [...this.#pending.keys()]) this.#finish(seq, null);
    this.onGone(this);
  }

  /** Lets the worker finish what it has and exit. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.onGone(this);
    this.#out.flushed().then(() => this.#stdin.close()).catch(() => {});
  }

  /** Ends the worker now (its pending deliveries become deferrals). */
  kill(): void {
    try {
      this.#child.kill("SIGTERM");
    } catch { /* already gone */ }
  }
}

/** Workers by uid:gid. */
export class WorkerPool {
  readonly #workers = new Map<string, UidWorker>();
  readonly #all = new Set<UidWorker>();
  readonly #idleMs: number;
  readonly #env: Record<string, string>;

  constructor(o: PoolOptions = {}) {
    this.#idleMs = o.idleMs ?? 60_000;
    this.#env = { ...(o.env ?? inheritedEnv()), ...(o.home ? { QMAILHOME: o.home } : {}) };
  }

  /** Number of live workers. */
  get size(): number {
    return this.#workers.size;
  }

  /** Runs qmail-local as uid/gid in a (possibly new) worker. */
  async run(uid: number, gid: number, args: LocalArgs, bytes: Uint8Array): Promise<LocalOutcome> {
    const key = `${uid}:${gid}`;
    let w = this.#workers.get(key);
    if (!w) {
      try {
        w = new UidWorker(uid, gid, this.#env, this.#idleMs, (gone) => {
          if (this.#workers.get(key) === gone) this.#workers.delete(key);
        });
      } catch {
        return { code: QLX.EXECSOFT, output: "" };
      }
      this.#workers.set(key, w);
      this.#all.add(w);
      const added = w;
      w.done.finally(() => this.#all.delete(added));
    }
    return await w.run(args, bytes) ?? { code: null, output: "" };
  }

  /** Closes every worker and waits for them to exit. */
  async close(): Promise<void> {
    const all = [...this.#all];
    for (const w of all) w.close();
    await Promise.allSettled(all.map((w) => w.done));
  }
}
