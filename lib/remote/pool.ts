/**
 * Idle SMTP sessions kept for the next message to the same address and
 * port, so a queue of messages to one MX goes over a few connections
 * instead of one per message. A session is used by one delivery at a time;
 * idle ones are closed (QUIT) after `idleMs`, and beyond `maxIdle` per
 * destination.
 *
 * @module
 */

import { SPAWN } from "../control/compiled.ts";
import { quit, type Session } from "./session.ts";

/** Pool limits. */
export interface PoolOptions {
  /** How long an idle session is kept (default 5 s). */
  idleMs?: number;
  /**
   * Idle sessions kept per destination (default {@linkcode SPAWN}, the most
   * deliveries qmail-rspawn runs at once: every session a burst of
   * concurrent deliveries opened can carry the next burst; with fewer, a
   * high concurrencyremote kept closing sessions and connecting anew).
   */
  maxIdle?: number;
  /** Transactions per session before it is closed (default 1000). */
  maxUses?: number;
}

interface Idle {
  session: Session;
  /** performance.now() after which it is closed. */
  expires: number;
}

/**
 * Sessions by destination key (`address port helohost`). One timer for the
 * whole pool closes the idle sessions that have expired, set for the next
 * expiry while any session is idle (a timer per kept session cost a
 * setTimeout/clearTimeout pair per message).
 *
 * @example
 * ```ts ignore
 * const pool = new SessionPool();
 * const s = pool.take(key) ?? await openFresh();
 * pool.give(key, s);
 * ```
 */
export class SessionPool {
  /** Per key, idle sessions oldest first (each list in order of expiry). */
  readonly #idle = new Map<string, Idle[]>();
  readonly #idleMs: number;
  readonly #maxIdle: number;
  readonly #maxUses: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: PoolOptions = {}) {
    this.#idleMs = opts.idleMs ?? 5000;
    this.#maxIdle = opts.maxIdle ?? SPAWN;
    this.#maxUses = opts.maxUses ?? 1000;
  }

  /** An idle session for `key` (the most recently used), now owned by the caller. */
  take(key: string): Session | undefined {
    const list = this.#idle.get(key);
    while (list && list.length > 0) {
      const idle = list.pop()!;
      if (!idle.session.conn.closed) return idle.session;
    }
    return undefined;
  }

  /** Hands a session back for reuse (or closes it when the pool is full). */
  give(key: string, session: Session): void {
    if (session.conn.closed) return;
    let list = this.#idle.get(key);
    if (!list) this.#idle.set(key, list = []);
    if (list.length >= this.#maxIdle || session.used >= this.#maxUses) {
      void quit(session);
      return;
    }
    const expires = performance.now() + this.#idleMs;
    list.push({ session, expires });
    if (this.#timer === undefined) this.#arm(expires);
  }

  #arm(at: number): void {
    this.#timer = setTimeout(this.#sweep, Math.max(0, at - performance.now()));
  }

  /** Closes the expired sessions and sets the timer for the next expiry. */
  #sweep = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    let next = Infinity;
    for (const [key, list] of this.#idle) {
      let expired = 0;
      while (expired < list.length && list[expired].expires <= now) expired++;
      for (const idle of list.splice(0, expired)) void quit(idle.session);
      if (list.length === 0) this.#idle.delete(key);
      else if (list[0].expires < next) next = list[0].expires;
    }
    if (next !== Infinity) this.#arm(next);
  };

  /** Idle sessions held now. */
  get size(): number {
    let n = 0;
    for (const list of this.#idle.values()) n += list.length;
    return n;
  }

  /** QUITs every idle session. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const all: Promise<void>[] = [];
    for (const list of this.#idle.values()) {
      for (const idle of list.splice(0)) all.push(quit(idle.session));
    }
    this.#idle.clear();
    await Promise.all(all);
  }
}
