/**
 * Running a program that is not one of denoqmail's own servers, as tcpserver
 * runs any program: one process per connection with the connection on its
 * stdin and stdout and the connection's environment. Deno cannot hand a
 * socket to a child as its descriptors 0 and 1, so the bytes are copied
 * through pipes both ways; the child's stderr is tcpserver's (the log).
 *
 * @module
 */

import type { ServerEnv } from "./inprocess.ts";
import { waitStatus } from "./ucspi.ts";

/** A running program. */
export interface Spawned {
  pid: number;
  /** Resolves with its wait status once it has exited and its output has gone to the client. */
  status: Promise<number>;
}

/** The variables to set in the child: those with a value (a child inherits the rest). */
export function definedEnv(env: ServerEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Starts `argv` with `conn` on its stdin and stdout. When the program closes
 * its output (it exits) the connection's sending side is shut; the
 * connection is closed once the program is gone. Throws if it cannot be
 * started.
 */
export function spawnOnConnection(conn: Deno.Conn, argv: string[], env: ServerEnv): Spawned {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    env: definedEnv(env),
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const toChild = (async () => {
    const w = child.stdin.getWriter();
    const buf = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) break;
        await w.write(buf.slice(0, n));
      }
    } catch {
      // The client or the program went away.
    } finally {
      await w.close().catch(() => {});
    }
  })();
  const toClient = (async () => {
    try {
      for await (const chunk of child.stdout) {
        for (let off = 0; off < chunk.length;) off += await conn.write(chunk.subarray(off));
      }
      await conn.closeWrite();
    } catch {
      // The client went away; the program will see a broken pipe.
    }
  })();
  const status = (async () => {
    const st = await child.status;
    await toClient;
    try {
      conn.close();
    } catch {
      // already closed
    }
    await toChild;
    return waitStatus(st);
  })();
  return { pid: child.pid, status };
}

/**
 * Runs `argv` on this process's own stdin and stdout (a wrapper such as
 * rblsmtpd run under a real tcpserver or inetd) and resolves with its exit
 * code (111 if a signal killed it).
 */
export async function runInherited(argv: string[], env: ServerEnv): Promise<number> {
  const st = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    env: definedEnv(env),
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  return st.signal ? 111 : st.code;
}
