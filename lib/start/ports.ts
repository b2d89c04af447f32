/**
 * Choosing a loopback port for `deno task start`: the preferred one when it
 * is free, else one the system picks.
 *
 * @module
 */

/** `preferred` if 127.0.0.1 can listen on it now, else a free ephemeral port. */
export function freePort(preferred: number): number {
  for (const port of [preferred, 0]) {
    try {
      const l = Deno.listen({ hostname: "127.0.0.1", port });
      const chosen = (l.addr as Deno.NetAddr).port;
      l.close();
      return chosen;
    } catch (e) {
      if (!(e instanceof Deno.errors.AddrInUse)) throw e;
    }
  }
  throw new Error("no free port on 127.0.0.1");
}

/** Waits until something accepts connections on 127.0.0.1:`port` (at most `ms`). */
export async function waitForListener(port: number, ms = 30_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      c.close();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}
