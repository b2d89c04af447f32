/**
 * Local deliveries run inside the calling process (a single-user tree, where
 * every delivery runs as the tree's one account anyway): no process per
 * delivery, many at once. Programs from .qmail files are still separate
 * processes, as they must be.
 *
 * @module
 */

import type { DeliveryResult, LocalDeliverer, LocalDeliveryRequest } from "./deliverer.ts";
import { inheritedEnv } from "./environ.ts";
import { type LocalContext, qmailLocal } from "./local.ts";
import { spawnDelivery } from "./spawn.ts";
import { submit } from "../queue/submit.ts";
import { UserResolver } from "../users/resolve.ts";

/** Options of the in-process deliverer. */
export interface InProcessOptions {
  /** qmail-start's default delivery instructions. */
  defaultDelivery: string;
  /** A single-user tree (the password database offers only the caller). */
  singleUser: boolean;
  /** How long an mbox lock is waited for (default 30 s). */
  lockWaitMs?: number;
}

/** Queues a forwarded message through qmail-queue's contract; the qp is this process's pid. */
export function forwarder(home: string): LocalContext["forward"] {
  return async (parts, sender, recipients) => {
    let n = 0;
    for (const p of parts) n += p.length;
    const message = new Uint8Array(n);
    n = 0;
    for (const p of parts) {
      message.set(p, n);
      n += p.length;
    }
    await submit({ home, message, envelope: { sender, recipients } });
    return Deno.pid;
  };
}

/** Delivers in this process, as the caller. */
export class InProcessDeliverer implements LocalDeliverer {
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #resolver: UserResolver;
  readonly #usersCdb: string;
  readonly #ctx: LocalContext;
  readonly #home: string;
  readonly #o: InProcessOptions;
  readonly #uid = Deno.uid() ?? 0;

  constructor(home: string, o: InProcessOptions) {
    this.#home = home;
    this.#o = o;
    this.#usersCdb = `${home}/users/cdb`;
    this.#resolver = new UserResolver({
      home,
      singleUser: o.singleUser,
      uid: this.#uid,
      gid: Deno.gid() ?? 0,
    });
    this.#ctx = {
      qmailHome: home,
      baseEnv: inheritedEnv(),
      forward: forwarder(home),
      lockWaitMs: o.lockWaitMs,
    };
  }

  deliver(req: LocalDeliveryRequest): Promise<DeliveryResult> {
    const p = spawnDelivery(req, {
      resolver: this.#resolver,
      usersCdb: this.#usersCdb,
      defaultDelivery: this.#o.defaultDelivery,
      run: (user, args, message) => {
        if (!this.#o.singleUser && user.uid !== this.#uid) {
          // Only root can deliver as someone else; a system tree needs qmail-lspawn as root.
          return Promise.resolve({
            code: 111,
            output: `Unable to deliver as uid ${user.uid}: not running as root. (#4.3.0)\n`,
          });
        }
        return qmailLocal(args, message, this.#ctx);
      },
    });
    this.#inflight.add(p);
    p.finally(() => this.#inflight.delete(p));
    return p;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
    this.#resolver.close();
  }
}
