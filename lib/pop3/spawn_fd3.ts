/**
 * Runs qmail-popup's subprogram with descriptor 3 reading
 * `user\0password\0timestamp\0` (the checkpassword interface) and waits for
 * it. Deno.Command cannot give a child a descriptor 3, so node:child_process
 * does the spawning. The child talks to the client either on the same
 * descriptors 0 and 1 (qmail-popup under inetd or tcpserver) or, when the
 * connection lives in this process (the built-in tcpserver), through pipes
 * that are pumped to and from the connection.
 *
 * @module
 */

import type { ByteReader } from "../smtp/reader.ts";
import type { ByteWriter } from "../smtp/writer.ts";

/** How the child reaches the client. */
export type ChildIo =
  /** Descriptors 0 and 1 are the connection: the child inherits them. */
  | { mode: "inherit" }
  /** The connection is `input`/`output` in this process; `pending` was read ahead already. */
  | { mode: "pipe"; input: ByteReader; output: ByteWriter; pending?: Uint8Array };

/** How the child ended. */
export interface ChildEnd {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: string | null;
}

/**
 * Spawns `cmd args`, writes `fd3` to its descriptor 3 and closes it, and
 * resolves when the child has exited (and, in pipe mode, its output has
 * reached the client). `env` replaces the inherited environment.
 */
export async function runWithFd3(
  cmd: string,
  args: string[],
  fd3: Uint8Array,
  io: ChildIo,
  env?: Record<string, string>,
): Promise<ChildEnd> {
  const { spawn } = await import("node:child_process");
  const child = spawn(cmd, args, {
    ...(env ? { env } : {}),
    stdio: io.mode === "inherit"
      ? ["inherit", "inherit", "inherit", "pipe"]
      : ["pipe", "pipe", "inherit", "pipe"],
  });
  const ended = new Promise<ChildEnd>((resolve) => {
    child.once("error", () => resolve({ code: 111, signal: null }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  // deno-lint-ignore no-explicit-any
  const auth = child.stdio[3] as any;
  auth.on("error", () => {});
  auth.end(fd3);
  if (io.mode === "inherit") return await ended;

  const stdin = child.stdin!;
  stdin.on("error", () => {});
  let exited = false;
  if (io.pending && io.pending.length > 0) stdin.write(io.pending);
  // Client → child, until the child is gone. The read still pending then is
  // abandoned; the caller closes the connection.
  (async () => {
    const buf = new Uint8Array(65536);
    while (!exited) {
      let n: number | null;
      try {
        n = await io.input.read(buf);
      } catch {
        n = null;
      }
      if (n === null || exited) break;
      if (!stdin.write(buf.slice(0, n))) {
        await new Promise((r) => stdin.once("drain", r));
      }
    }
    stdin.end();
  })();
  // Child → client.
  const copied = (async () => {
    try {
      for await (const chunk of child.stdout!) {
        let data = chunk as Uint8Array;
        while (data.length > 0) data = data.subarray(await io.output.write(data));
      }
    } catch {
      child.stdout!.destroy();
    }
  })();
  const end = await ended;
  exited = true;
  await copied;
  return end;
}
