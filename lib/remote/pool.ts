/**
 * Idle SMTP sessions kept for the next message to the same address and
 * port, so a queue of messages to one MX goes over a few connections
 * instead of one per message. A session is used by one delivery at a time;
 * idle ones are closed (QUIT) after `idleMs`, and beyond `maxIdle` per
 * destination.
 *
 * @module
 */

import { quit, type Session } from "./session.ts";

/** Pool limits. */
export interface PoolOptions {
  /** How long an idle session is kept (default 5 s). */
  idleMs?: number;
  /** Idle sessions kept per destination (default 20). */
  maxIdle?: number;
  /** Transactions per session before it is closed (default 1000). */
  maxUses?: number;
}

interface Idle {
  session: Session;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Sessions by destination key (`address port helohost`).
 *
 * @example
 * ```ts ignore
 * const pool = new SessionPool();
 * const s = pool.take(key) ?? await openFresh();
 * pool.give(key, s);
 * ```
 */
export class SessionPool {
  readonly #idle = new Map<string, Idle[]>();
  readonly #idleMs: number;
  readonly #maxIdle: number;
  readonly #maxUses: number;

  constructor(opts: PoolOptions = {}) {
    this.#idleMs = opts.idleMs ?? 5000;
    this.#maxIdle = opts.maxIdle ?? 20;
    this.#maxUses = opts.maxUses ?? 1000;
  }

  /** An idle session for `key`, now owned by the caller. */
  take(key: string): Session | undefined {
    const list = this.#idle.get(key);
    while (list && list.length > 0) {
      const idle = list.pop()!;
      clearTimeout(idle.timer);
      if (!idle.session.conn.closed) return idle.session;
    }
    return undefined;
  }

  /** Hands a session back for reuse (or closes it when the pool is full). */
  give(key: string, session: Session): void {
    const list = this.#idle.get(key) ?? [];
    if (session.conn.closed) return;
    if (list.length >= this.#maxIdle || session.used >= this.#maxUses) {
      void quit(session);
      return;
    }
    const idle: Idle = {
      session,
      timer: setTimeout(() => {
        const i = list.indexOf(idle);
        if (i >= 0) list.splice(i, 1);
        void quit(session);
      }, this.#idleMs),
    };
    list.push(idle);
    this.#idle.set(key, list);
  }

  /** Idle sessions held now. */
  get size(): number {
    let n = 0;
    for (const list of this.#idle.values()) n += list.length;
    return n;
  }

  /** QUITs every idle session. */
  async close(): Promise<void> {
    const all: Promise<void>[] = [];
    for (const list of this.#idle.values()) {
      for (const idle of list.splice(0)) {
        clearTimeout(idle.timer);
        all.push(quit(idle.session));
      }
    }
    this.#idle.clear();
    await Promise.all(all);
  }
}
