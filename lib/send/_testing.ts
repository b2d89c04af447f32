/**
 * Test helpers for qmail-send: a bare queue tree in a temporary directory,
 * messages queued with qmail-queue's writer, a scripted local deliverer,
 * and an engine run in-process.
 *
 * @module
 */

import { enqueue } from "../queue/enqueue.ts";
import { SPLIT, SPLIT_DIRS } from "../queue/layout.ts";
import type { DeliveryResult, LocalDeliverer, LocalDeliveryRequest } from "../local/deliverer.ts";
import { DirectCleaner } from "./clean.ts";
import type { Bounce } from "./bounce_text.ts";
import { QmailSend, type SendOptions } from "./engine.ts";
import { MemoryLog } from "./log.ts";
import { DeferringRemoteDeliverer } from "./remote_defer.ts";

/** A temporary QMAILHOME holding control/ files and an empty queue. */
export async function makeQueueHome(controls: Record<string, string> = {}): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "qmt-send-" });
  await Deno.mkdir(`${home}/control`);
  const files = { me: "example.com\n", locals: "example.com\n", ...controls };
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${home}/control/${name}`, text);
  }
  const q = `${home}/queue`;
  for (const d of ["pid", "intd", "todo", "bounce", "lock"]) {
    await Deno.mkdir(`${q}/${d}`, { recursive: true });
  }
  for (const d of SPLIT_DIRS) {
    for (let i = 0; i < SPLIT; i++) await Deno.mkdir(`${q}/${d}/${i}`, { recursive: true });
  }
  await Deno.writeFile(`${q}/lock/sendmutex`, new Uint8Array());
  return home;
}

/** Queues a message in `home` as qmail-queue would; returns its number. */
export async function queueMessage(
  home: string,
  sender: string,
  recipients: string[],
  body = "Subject: test\n\nhello\n",
): Promise<number> {
  const q = await enqueue({
    queue: `${home}/queue`,
    message: new TextEncoder().encode(body),
    envelope: { sender, recipients },
    uid: 1000,
    pid: 4242,
  });
  return q.id;
}

/** A local deliverer whose answers a test decides. */
export class ScriptedLocal implements LocalDeliverer {
  readonly requests: LocalDeliveryRequest[] = [];
  constructor(
    public answer: (req: LocalDeliveryRequest) => DeliveryResult | Promise<DeliveryResult> =
      () => ({
        status: "success",
        text: "did 0+0+1/\n",
      }),
  ) {}
  deliver(req: LocalDeliveryRequest): Promise<DeliveryResult> {
    this.requests.push(req);
    return Promise.resolve(this.answer(req));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** An engine running in-process, with its log and the bounces it queued. */
export interface RunningSend {
  send: QmailSend;
  log: MemoryLog;
  bounces: Bounce[];
  done: Promise<number>;
  /** Waits (bounded) until the log holds a line matching `re`. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number>;
}

/** Starts qmail-send on `home` with a scripted local deliverer. */
export function startSend(
  home: string,
  local: LocalDeliverer,
  extra: Partial<SendOptions> = {},
): RunningSend {
  const log = new MemoryLog();
  const bounces: Bounce[] = [];
  const send = new QmailSend({
    home,
    log,
    local,
    remote: new DeferringRemoteDeliverer(),
    cleaner: new DirectCleaner(`${home}/queue`),
    injectBounce: (b) => {
      bounces.push(b);
      return Promise.resolve(777);
    },
    trigger: false,
    ...extra,
  });
  const done = send.run();
  return {
    send,
    log,
    bounces,
    done,
    async waitFor(re: RegExp, ms = 5000) {
      const until = Date.now() + ms;
      while (!log.lines.some((l) => re.test(l))) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${re}; log:\n${log.text}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      send.term();
      return await done;
    },
  };
}
