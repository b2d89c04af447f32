/**
 * Deadlines for socket reads and writes without a timer each. qmail's
 * timeouts (timeoutsmtpd, timeoutremote, …) are whole seconds, while a busy
 * server makes thousands of reads and writes a second: creating and clearing
 * a timer for every one cost qmail-smtpd a tenth of its time. Instead one
 * shared ticker, running only while some operation has a deadline, fails the
 * operations whose deadline has passed, at most {@linkcode TICK_MS} late. A
 * lone session still makes a ticker per operation, as before; many sessions
 * share one. {@linkcode withDeadline} wraps one operation; a holder that
 * times many operations in a row (qmail-remote's connection) keeps one
 * {@linkcode Watched} entry instead and pushes its deadline back, so even a
 * lone one makes no ticker per operation.
 *
 * @module
 */

/** How often pending deadlines are checked. */
export const TICK_MS = 100;

/**
 * A deadline the ticker watches: `fire` runs once, at most
 * {@linkcode TICK_MS} after `due` (a performance.now() time), unless the
 * deadline is unwatched first.
 */
export interface Watched {
  due: number;
  fire: () => void;
}

const pending = new Set<Watched>();
let ticker: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  const now = performance.now();
  for (const p of pending) {
    if (p.due <= now) {
      pending.delete(p);
      p.fire();
    }
  }
  stopWhenIdle();
}

function stopWhenIdle(): void {
  if (pending.size === 0 && ticker !== undefined) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/**
 * Watches `w` (again, after it fired, to push its deadline back). The
 * ticker runs while anything is watched, so a holder that ends must
 * {@linkcode unwatch}, or the ticker keeps the process alive until `due`.
 */
export function watch(w: Watched): void {
  pending.add(w);
  ticker ??= setInterval(tick, TICK_MS);
}

/** Stops watching `w`; with nothing left, the ticker stops. */
export function unwatch(w: Watched): void {
  pending.delete(w);
  stopWhenIdle();
}

/**
 * Settles as `op` does, or rejects with `timedOut()` when `ms` pass first.
 * `op` itself is not cancelled (closing the connection is the caller's job).
 *
 * @example
 * ```ts ignore
 * const n = await withDeadline(conn.read(buf), 1200_000, () => new ReadTimeout(1200));
 * ```
 */
export function withDeadline<T>(op: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const entry: Watched = { due: performance.now() + ms, fire: () => reject(timedOut()) };
    watch(entry);
    op.then(
      (v) => {
        unwatch(entry);
        resolve(v);
      },
      (e) => {
        unwatch(entry);
        reject(e);
      },
    );
  });
}

/**
 * Resolves once `op` settles or `ms` have passed, whichever is first; never
 * rejects. In a busy server, where the shared ticker already runs, this adds
 * no timer; otherwise it takes one AbortSignal.timeout, which, unlike the
 * first setTimeout of a process (about 10 ms), costs a short program nothing.
 */
export function settleWithin(op: Promise<unknown>, ms: number): Promise<void> {
  const done = op.then(() => {}, () => {});
  if (ticker !== undefined) return withDeadline(done, ms, () => new Error()).catch(() => {});
  const waited = new Promise<void>((r) =>
    AbortSignal.timeout(ms).addEventListener("abort", () => r())
  );
  return Promise.race([done, waited]);
}
