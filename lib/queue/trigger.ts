/**
 * Pulling a trigger FIFO (qmail's triggerpull): write one byte if somebody
 * is reading, and never wait for a reader.
 *
 * qmail opens the FIFO with O_NDELAY, which fails at once when nobody reads.
 * Deno cannot open with O_NONBLOCK (node:fs can, but loading it costs a short
 * program 30 ms), so the open runs in the background: with a reader (a
 * running qmail-send always holds its trigger open) it completes at once and
 * the byte is written; without one it stays pending, and is given up on
 * after a moment. At most one pending open is kept per FIFO, so a daemon
 * never piles up blocked opens while qmail-send is down; when a reader
 * appears, the pending open completes and delivers its byte late — harmless.
 *
 * @module
 */

const pending = new Map<string, Promise<void>>();

/** How long to wait for the open before leaving it to the background. */
const WAIT_MS = 50;

/** Wakes whoever reads the FIFO at `path`; does nothing if nobody does. */
export async function pullTrigger(path: string): Promise<void> {
  if (pending.has(path)) return;
  const pull = (async () => {
    try {
      using f = await Deno.open(path, { write: true });
      await f.write(new Uint8Array(1));
    } catch {
      // no trigger, or a full FIFO already holds a wake-up: qmail says "bummer" and goes on
    } finally {
      pending.delete(path);
    }
  })();
  pending.set(path, pull);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((r) => timer = setTimeout(r, WAIT_MS));
  await Promise.race([pull, waited]);
  clearTimeout(timer);
}
