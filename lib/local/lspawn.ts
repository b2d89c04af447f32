/**
 * qmail-lspawn's conversation with qmail-send, as JSON lines (qmail's
 * binary delivery-number protocol has no room for Deno's pipes and uid
 * switching, so the framing is new; the meaning is qmail-lspawn(8)'s):
 *
 * ```
 * qmail-send → lspawn:  {"seq":1,"delivery":7,"id":123,"messagePath":"/var/qmail/queue/mess/8/123",
 *                        "sender":"joe@a.example","recipient":"bob@b.example"}
 * lspawn → qmail-send:  {"seq":1,"status":"success","text":"did_0+0+1/","report":"did 0+0+1\n"}
 * ```
 *
 * Answers come in any order (deliveries run at once); `seq` pairs them.
 * `status` is success, deferral or failure (qmail-lspawn's K, Z, D), `report`
 * the raw text after that letter and `text` the same through qmail-send's
 * logsafe. When qmail-send closes its end, lspawn finishes what it started,
 * answers, and exits 0.
 *
 * @module
 */

import type { DeliveryResult, LocalDeliverer, LocalDeliveryRequest } from "./deliverer.ts";
import { selfCommand } from "../cli/self.ts";
import { FrameReader, jsonLine, SerialWriter } from "./wire.ts";
import { logSafe } from "./report.ts";

/** A request line. */
export interface LspawnRequest extends LocalDeliveryRequest {
  seq: number;
}

/** An answer line. */
export interface LspawnAnswer extends DeliveryResult {
  seq: number;
}

/** Serves requests from `input` with `deliverer`, answering on `write`; returns at EOF. */
export async function serveLspawn(
  input: ReadableStream<Uint8Array>,
  write: (b: Uint8Array) => Promise<void>,
  deliverer: LocalDeliverer,
): Promise<void> {
  const reader = new FrameReader(input);
  const out = new SerialWriter(write);
  const inflight = new Set<Promise<void>>();
  for (;;) {
    const line = await reader.line();
    if (line === null) break;
    if (line.trim() === "") continue;
    let req: LspawnRequest;
    try {
      req = JSON.parse(line);
    } catch {
      continue;
    }
    const p = deliverer.deliver(req)
      .catch((e): DeliveryResult => {
        const report = `Temporary failure in qmail-lspawn: ${String(e)}. (#4.3.0)\n`;
        return { status: "deferral", text: logSafe(report), report };
      })
      .then((r) => out.send(jsonLine({ seq: req.seq, ...r })))
      .catch(() => {});
    inflight.add(p);
    p.finally(() => inflight.delete(p));
  }
  await Promise.allSettled([...inflight]);
  await deliverer.close();
  await out.flushed();
}

const LOST = "Lost connection to qmail-lspawn. (#4.3.0)\n";

/**
 * qmail-send's side: a LocalDeliverer that talks to a qmail-lspawn over a
 * pair of streams (a child's stdio, or pipes relayed by qmail-start).
 *
 * @example
 * ```ts
 * const lspawn = LspawnClient.spawn("./Maildir/\n");
 * const r = await lspawn.deliver({ delivery: 1, id, messagePath, sender, recipient });
 * await lspawn.close();
 * ```
 */
export class LspawnClient implements LocalDeliverer {
  readonly #out: SerialWriter;
  readonly #closeOut: () => Promise<void>;
  readonly #pending = new Map<number, (r: DeliveryResult) => void>();
  readonly #done: Promise<void>;
  readonly #child?: Deno.ChildProcess;
  #seq = 0;
  #lost = false;

  constructor(
    input: ReadableStream<Uint8Array>,
    output: WritableStream<Uint8Array>,
    child?: Deno.ChildProcess,
  ) {
    const w = output.getWriter();
    this.#out = new SerialWriter((b) => w.write(b));
    this.#closeOut = () => this.#out.flushed().then(() => w.close()).catch(() => {});
    this.#child = child;
    this.#done = this.#read(input);
  }

  /** Starts `qmail-lspawn defaultDelivery` as a child of this process (as this process's uid). */
  static spawn(defaultDelivery: string, env?: Record<string, string>): LspawnClient {
    const [cmd, args] = selfCommand("qmail-lspawn", [defaultDelivery]);
    const child = new Deno.Command(cmd, {
      args,
      env,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    return new LspawnClient(child.stdout, child.stdin, child);
  }

  deliver(req: LocalDeliveryRequest): Promise<DeliveryResult> {
    if (this.#lost) return Promise.resolve(lost());
    const seq = ++this.#seq;
    const { delivery, id, messagePath, sender, recipient } = req;
    const p = new Promise<DeliveryResult>((resolve) => this.#pending.set(seq, resolve));
    this.#out.send(jsonLine({ seq, delivery, id, messagePath, sender, recipient }))
      .catch(() => this.#answer(seq, lost()));
    return p;
  }

  #answer(seq: number, r: DeliveryResult) {
    const resolve = this.#pending.get(seq);
    if (!resolve) return;
    this.#pending.delete(seq);
    resolve(r);
  }

  async #read(input: ReadableStream<Uint8Array>): Promise<void> {
    const r = new FrameReader(input);
    try {
      for (;;) {
        const line = await r.line();
        if (line === null) break;
        try {
          const { seq, status, text, report } = JSON.parse(line) as LspawnAnswer;
          this.#answer(seq, { status, text, report });
        } catch { /* not an answer */ }
      }
    } catch { /* lspawn went away */ }
    this.#lost = true;
    for (const seq of [...this.#pending.keys()]) this.#answer(seq, lost());
  }

  /** Lets lspawn finish in-flight deliveries, then waits for it to exit. */
  async close(): Promise<void> {
    await this.#closeOut();
    await this.#done;
    await this.#child?.status;
  }
}

function lost(): DeliveryResult {
  return { status: "deferral", text: logSafe(LOST), report: LOST };
}
