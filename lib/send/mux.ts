/**
 * The line protocol between qmail-send and qmail-start in a system tree,
 * where qmail-send runs as qmails and cannot start the deliverers itself
 * (qmail passes qmail-send six pipe descriptors; Deno can hand a child only
 * stdin and stdout). qmail-start holds the local and remote deliverers and
 * the qmail-clean connection and serves qmail-send's requests:
 *
 * ```
 * qmail-start -> qmail-send   S <local limit> <remote limit>      (first line: the spawn limits)
 * qmail-send  -> qmail-start  L <LocalDeliveryRequest as JSON>
 *                             R <RemoteDeliveryRequest as JSON>
 *                             C foop/N | C todo/N
 * qmail-start -> qmail-send   L <delivery> <DeliveryResult as JSON>
 *                             R <delivery> <RemoteDeliveryResult as JSON>
 *                             C + | C ! | C x                      (in request order)
 * ```
 *
 * Deliveries answer in any order, tagged by delivery number; qmail-send's
 * activity record goes on its stderr.
 *
 * @module
 */

import type { DeliveryResult, LocalDeliverer, LocalDeliveryRequest } from "../local/deliverer.ts";
import type {
  RemoteDeliverer,
  RemoteDeliveryRequest,
  RemoteDeliveryResult,
} from "../remote/deliverer.ts";
import type { Cleaner, CleanReply, CleanRequest } from "./clean.ts";
import { parseCleanCommand } from "./clean.ts";

const enc = new TextEncoder();

/** Reads `\n`-ended lines from a byte stream. */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const dec = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += dec.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
  }
}

/** Writes lines in order, gathering those written while a write is in progress. */
export class LineWriter {
  #pending: string[] = [];
  #busy = false;
  #drained: Promise<void> = Promise.resolve();
  constructor(readonly w: WritableStreamDefaultWriter<Uint8Array>, readonly onError: () => void) {}
  send(line: string): void {
    this.#pending.push(line + "\n");
    if (!this.#busy) this.#drained = this.#drain();
  }

  /** Writes what is pending, then closes the stream. */
  async close(): Promise<void> {
    await this.#drained;
    await this.w.close().catch(() => {});
  }
  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#pending.length > 0) {
        const text = this.#pending.join("");
        this.#pending = [];
        await this.w.write(enc.encode(text));
      }
    } catch {
      this.onError();
    } finally {
      this.#busy = false;
    }
  }
}

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

/** qmail-send's side: deliverers and a cleaner that ask qmail-start. */
export class MuxClient {
  readonly #writer: LineWriter;
  readonly #local = new Map<number, Waiter<DeliveryResult>>();
  readonly #remote = new Map<number, Waiter<RemoteDeliveryResult>>();
  readonly #clean: Waiter<CleanReply>[] = [];
  #limits: Promise<{ local: number; remote: number }>;
  #dead = false;
  readonly done: Promise<void>;

  constructor(input: ReadableStream<Uint8Array>, output: WritableStream<Uint8Array>) {
    this.#writer = new LineWriter(output.getWriter(), () => this.#die());
    let gotLimits!: (l: { local: number; remote: number }) => void;
    this.#limits = new Promise((r) => gotLimits = r);
    this.done = (async () => {
      try {
        for await (const line of lines(input)) this.#hear(line, gotLimits);
      } catch {
        // the connection broke
      }
      this.#die();
      gotLimits({ local: 0, remote: 0 });
    })();
  }

  /** The spawn limits qmail-start announced (0 and 0 if it never did). */
  limits(): Promise<{ local: number; remote: number }> {
    return this.#limits;
  }

  #hear(line: string, gotLimits: (l: { local: number; remote: number }) => void): void {
    const kind = line[0];
    if (kind === "S") {
      const [, l, r] = line.split(" ");
      gotLimits({ local: Number(l) || 0, remote: Number(r) || 0 });
    } else if (kind === "C") {
      this.#clean.shift()?.resolve(line.slice(2) as CleanReply);
    } else if (kind === "L" || kind === "R") {
      const sp = line.indexOf(" ", 2);
      const delivery = Number(line.slice(2, sp));
      const body = JSON.parse(line.slice(sp + 1));
      const map: Map<number, Waiter<never>> = kind === "L" ? this.#local : this.#remote;
      const waiter = map.get(delivery);
      map.delete(delivery);
      waiter?.resolve(body as never);
    }
  }

  #die(): void {
    if (this.#dead) return;
    this.#dead = true;
    const gone = new Error("lost connection to qmail-start");
    for (const m of [this.#local, this.#remote] as Map<number, Waiter<never>>[]) {
      for (const w of m.values()) w.reject(gone);
      m.clear();
    }
    for (const w of this.#clean.splice(0)) w.reject(gone);
  }

  /** Ends qmail-send's side of the connection (qmail-start then finishes serving). */
  async close(): Promise<void> {
    await this.#writer.close();
  }

  /** True once the connection is gone. */
  get dead(): boolean {
    return this.#dead;
  }

  readonly local: LocalDeliverer = {
    deliver: (req: LocalDeliveryRequest) =>
      new Promise((resolve, reject) => {
        if (this.#dead) return reject(new Error("lost connection"));
        this.#local.set(req.delivery, { resolve, reject });
        this.#writer.send(`L ${JSON.stringify(req)}`);
      }),
    close: () => Promise.resolve(),
  };

  readonly remote: RemoteDeliverer = {
    deliver: (req: RemoteDeliveryRequest) =>
      new Promise((resolve, reject) => {
        if (this.#dead) return reject(new Error("lost connection"));
        this.#remote.set(req.delivery, { resolve, reject });
        this.#writer.send(`R ${JSON.stringify(req)}`);
      }),
    close: () => Promise.resolve(),
  };

  readonly cleaner: Cleaner = {
    clean: (request: CleanRequest, id: number) =>
      new Promise((resolve, reject) => {
        if (this.#dead) return reject(new Error("lost connection"));
        this.#clean.push({ resolve, reject });
        this.#writer.send(`C ${request}/${id}`);
      }),
    close: () => Promise.resolve(),
  };
}

/** What qmail-start serves qmail-send with. */
export interface MuxServices {
  local: LocalDeliverer;
  remote: RemoteDeliverer;
  cleaner: Cleaner;
  limits: { local: number; remote: number };
}

/**
 * qmail-start's side: answers qmail-send's requests until its output ends.
 * Malformed requests are answered with a deferral (deliveries) or `x` (clean).
 */
export async function serveMux(
  input: ReadableStream<Uint8Array>,
  output: WritableStream<Uint8Array>,
  s: MuxServices,
): Promise<void> {
  const out = new LineWriter(output.getWriter(), () => {});
  out.send(`S ${s.limits.local} ${s.limits.remote}`);
  // Clean replies must keep request order even though cleaning is asynchronous.
  let cleanChain: Promise<void> = Promise.resolve();
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    p.finally(() => pending.delete(p));
  };
  for await (const line of lines(input)) {
    const kind = line[0];
    if (kind === "C") {
      const cmd = parseCleanCommand(line.slice(2));
      cleanChain = cleanChain.then(async () => {
        let reply: CleanReply = "x";
        if (cmd) reply = await s.cleaner.clean(cmd.request, cmd.id).catch(() => "!" as const);
        out.send(`C ${reply}`);
      });
      track(cleanChain);
      continue;
    }
    let req: { delivery?: unknown };
    try {
      req = JSON.parse(line.slice(2));
    } catch {
      continue;
    }
    const delivery = Number(req.delivery);
    if (!Number.isSafeInteger(delivery)) continue;
    if (kind === "L") {
      track(
        s.local.deliver(req as LocalDeliveryRequest)
          .catch((e): DeliveryResult => ({ status: "deferral", text: `${errText(e)} (#4.3.0)\n` }))
          .then((r) => out.send(`L ${delivery} ${JSON.stringify(r)}`)),
      );
    } else if (kind === "R") {
      const r = req as RemoteDeliveryRequest;
      track(
        s.remote.deliver(r)
          .catch((e): RemoteDeliveryResult => ({
            recipients: r.recipients.map(() => ({
              status: "deferral" as const,
              text: `${errText(e)} (#4.3.0)\n`,
            })),
          }))
          .then((res) => out.send(`R ${delivery} ${JSON.stringify(res)}`)),
      );
    }
  }
  await Promise.allSettled([...pending]);
  await out.close();
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
