/**
 * qmail's prioq: a binary min-heap of (time, message) pairs, earliest first.
 *
 * @module
 */

/** One entry: message `id` is due at `dt` (seconds since the epoch). */
export interface PrioqEntry {
  id: number;
  dt: number;
}

/** A min-heap ordered by `dt`. */
export class Prioq {
  readonly #h: PrioqEntry[] = [];

  get length(): number {
    return this.#h.length;
  }

  /** Adds an entry. */
  insert(e: PrioqEntry): void {
    const h = this.#h;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].dt <= h[i].dt) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  /** The earliest entry, or undefined when empty. */
  min(): PrioqEntry | undefined {
    return this.#h[0];
  }

  /** Removes and returns the earliest entry. */
  delMin(): PrioqEntry | undefined {
    const h = this.#h;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].dt < h[m].dt) m = l;
        if (r < h.length && h[r].dt < h[m].dt) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  /** Every entry, in no particular order. */
  entries(): readonly PrioqEntry[] {
    return this.#h;
  }

  /** Sets every entry's time to `dt` (qmail-send's pqrun on SIGALRM); order is kept. */
  setAll(dt: number): void {
    for (const e of this.#h) e.dt = dt;
  }
}
