/**
 * Local delivery (qmail-lspawn(8), qmail-local(8), dot-qmail(5)) for
 * qmail-send: `openLocalDeliverer` picks how deliveries run.
 *
 * - single-user tree, or not root: in this process, as the caller, many at
 *   once (no process per delivery);
 * - root with a system tree: each delivery in a warm worker process running
 *   under the recipient's uid and gid (one per uid, reused, ended when idle).
 *
 * qmail-send runs as qmails in a system tree, so there it talks to a root
 * `qmail-lspawn` through {@linkcode LspawnClient} instead; qmail-lspawn
 * itself uses `openLocalDeliverer`.
 *
 * @module
 */

import type { DeliveryResult, LocalDeliverer, LocalDeliveryRequest } from "./deliverer.ts";
import { InProcessDeliverer } from "./inprocess.ts";
import { WorkerPool } from "./pool.ts";
import { spawnDelivery } from "./spawn.ts";
import { readPasswd, treeAccounts } from "../ids/accounts.ts";
import { UserResolver } from "../users/resolve.ts";

export type { DeliveryResult, LocalDeliverer, LocalDeliveryRequest } from "./deliverer.ts";
export { LspawnClient, serveLspawn } from "./lspawn.ts";
export { InProcessDeliverer } from "./inprocess.ts";

/** How deliveries are done. */
export interface LocalDelivererOptions {
  /** The default delivery instructions (qmail-start's argument, control/defaultdelivery). */
  defaultDelivery: string;
  /** Per-uid workers end after this long idle (default 60 s). */
  idleMs?: number;
  /** How long an mbox lock is waited for (default 30 s). */
  lockWaitMs?: number;
  /** Force a mode (tests); default: by tree and uid as described above. */
  mode?: "in-process" | "workers";
}

/** Deliveries by per-uid workers (root). */
export class WorkerDeliverer implements LocalDeliverer {
  readonly #pool: WorkerPool;
  readonly #resolver: UserResolver;
  readonly #usersCdb: string;
  readonly #queueUid: number | undefined;
  readonly #defaultDelivery: string;
  readonly #inflight = new Set<Promise<unknown>>();

  constructor(home: string, o: LocalDelivererOptions) {
    this.#pool = new WorkerPool({ idleMs: o.idleMs, home });
    this.#resolver = new UserResolver({ home, singleUser: false });
    this.#usersCdb = `${home}/users/cdb`;
    const qmailq = treeAccounts(home).users.qmailq;
    this.#queueUid = readPasswd().find((p) => p.name === qmailq)?.uid;
    this.#defaultDelivery = o.defaultDelivery;
  }

  /** Number of live workers. */
  get workers(): number {
    return this.#pool.size;
  }

  deliver(req: LocalDeliveryRequest): Promise<DeliveryResult> {
    const p = spawnDelivery(req, {
      resolver: this.#resolver,
      usersCdb: this.#usersCdb,
      defaultDelivery: this.#defaultDelivery,
      queueUid: this.#queueUid,
      refuseRoot: true,
      run: (user, args, message) => this.#pool.run(user.uid, user.gid, args, message.bytes),
    });
    this.#inflight.add(p);
    p.finally(() => this.#inflight.delete(p));
    return p;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
    await this.#pool.close();
    this.#resolver.close();
  }
}

/** The deliverer for `home` (QMAILHOME) in this process. */
export function openLocalDeliverer(home: string, o: LocalDelivererOptions): LocalDeliverer {
  const singleUser = treeAccounts(home).singleUser;
  const mode = o.mode ?? (singleUser || Deno.uid() !== 0 ? "in-process" : "workers");
  if (mode === "workers") return new WorkerDeliverer(home, o);
  return new InProcessDeliverer(home, {
    defaultDelivery: o.defaultDelivery,
    singleUser,
    lockWaitMs: o.lockWaitMs,
  });
}
