/**
 * Descriptor 3, where checkpassword's caller writes `user\0password\0timestamp\0`
 * (D. J. Bernstein's checkpassword interface). A sandbox worker cannot read a
 * raw descriptor, so inside the sandbox the dispatcher reads it (with
 * node:fs, loaded only here) and hands the bytes over.
 *
 * @module
 */

import type { Fd3Message } from "./messages.ts";
import { askHost } from "./host.ts";

/** What reading descriptor 3 gave. */
export type Fd3Result =
  | { kind: "bytes"; bytes: Uint8Array }
  /** More than `max` bytes arrived. */
  | { kind: "tooLong" }
  /** Descriptor 3 is not open (the program was not run through the interface). */
  | { kind: "closed"; error: string }
  | { kind: "error"; error: string };

/**
 * Reads descriptor 3 to its end, at most `max` bytes. Inside the sandbox the
 * dispatcher does the reading.
 */
export async function readFd3(max: number): Promise<Fd3Result> {
  const asked = askHost({ kind: "want-fd3", max });
  const reply = (asked ? await asked : await readFd3Reply(max)) as Fd3Message;
  if (reply.tooLong) return { kind: "tooLong" };
  if (reply.bytes) return { kind: "bytes", bytes: reply.bytes };
  const error = reply.error ?? "unknown error";
  return error.includes("EBADF") ? { kind: "closed", error } : { kind: "error", error };
}

/**
 * Reads descriptor 3 in this thread (needs a process with all permissions).
 * A pipe or file is opened as /dev/fd/3; a socket (node:child_process makes
 * its extra descriptors socket pairs, which /dev/fd cannot open) is read
 * with node:fs.
 */
export async function readFd3Reply(max: number): Promise<Fd3Message> {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync("/dev/fd/3", { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return { kind: "fd3", error: "EBADF descriptor 3 is not open" };
    }
    return await readFd3Node(max);
  }
  try {
    const buf = new Uint8Array(max + 1);
    let got = 0;
    for (;;) {
      const n = await file.read(buf.subarray(got));
      if (n === null) break;
      got += n;
      if (got > max) return { kind: "fd3", tooLong: true };
    }
    return { kind: "fd3", bytes: buf.slice(0, got) };
  } catch (e) {
    return { kind: "fd3", error: e instanceof Error ? e.message : String(e) };
  } finally {
    file.close();
  }
}

async function readFd3Node(max: number): Promise<Fd3Message> {
  const fs = await import("node:fs");
  const buf = new Uint8Array(max + 1);
  let got = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(3, buf, got, buf.length - got, null);
      } catch (e) {
        if ((e as { code?: string }).code !== "EAGAIN") throw e;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      if (n === 0) break;
      got += n;
      if (got > max) return { kind: "fd3", tooLong: true };
    }
    return { kind: "fd3", bytes: buf.slice(0, got) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { kind: "fd3", error: `${code ?? ""} ${e instanceof Error ? e.message : e}`.trim() };
  }
}
