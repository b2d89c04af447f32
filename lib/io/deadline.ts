/**
 * Deadlines for socket reads and writes without a timer each. qmail's
 * timeouts (timeoutsmtpd, timeoutremote, …) are whole seconds, while a busy
 * server makes thousands of reads and writes a second: creating and clearing
 * a timer for every one cost qmail-smtpd a tenth of its time. Instead one
 * shared ticker, running only while some operation has a deadline, fails the
 * operations whose deadline has passed, at most {@linkcode TICK_MS} late. A
 * lone session still makes a ticker per operation, as before; many sessions
 * share one.
 *
 * @module
 */

/** How often pending deadlines are checked. */
export const TICK_MS = 100;

interface Pending {
  due: number;
  fire: () => void;
}

const pending = new Set<Pending>();
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

function settle(entry: Pending): void {
  pending.delete(entry);
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
    const entry: Pending = { due: performance.now() + ms, fire: () => reject(timedOut()) };
    pending.add(entry);
    ticker ??= setInterval(tick, TICK_MS);
    op.then(
      (v) => {
        settle(entry);
        resolve(v);
      },
      (e) => {
        settle(entry);
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
