/**
 * Group commit: many callers asking for the same idempotent operation (fsync
 * a directory, pull a trigger) share runs of it. A caller's promise settles
 * after a run that *started after the call*, so whatever the caller did
 * before asking is covered — the guarantee an fsync or a wake-up must give —
 * while callers arriving during a run all share the one run after it.
 *
 * @module
 */

interface Slot {
  current?: Promise<void>;
  next?: Promise<void>;
}

/** Runs keyed operations with at most one running and one waiting per key. */
export class Coalescer {
  #slots = new Map<string, Slot>();

  /** Resolves after `op` has run once, starting no earlier than this call. */
  run(key: string, op: () => Promise<void>): Promise<void> {
    let slot = this.#slots.get(key);
    if (!slot) this.#slots.set(key, slot = {});
    const s = slot;
    if (s.next) return s.next;
    const start = (): Promise<void> => {
      const p = op().finally(() => {
        if (s.current === p) s.current = undefined;
        if (!s.current && !s.next) this.#slots.delete(key);
      });
      s.current = p;
      return p;
    };
    if (!s.current) return start();
    s.next = s.current.catch(() => {}).then(() => {
      s.next = undefined;
      return start();
    });
    return s.next;
  }
}
