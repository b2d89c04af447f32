/**
 * A queue tree made by hand for qmail-qread/qmail-qstat/sendmail tests: the
 * directories of qmail's queue, and files put into them with chosen times.
 *
 * @module
 */

import { SPLIT } from "../lib/queue/layout.ts";

/** Makes QMAILHOME/queue with qmail's directories (and an empty control/). */
export function makeQueueTree(home: string): string {
  const queue = `${home}/queue`;
  for (const d of ["pid", "intd", "todo", "bounce", "lock"]) {
    Deno.mkdirSync(`${queue}/${d}`, { recursive: true });
  }
  for (const d of ["mess", "info", "local", "remote"]) {
    for (let i = 0; i < SPLIT; i++) Deno.mkdirSync(`${queue}/${d}/${i}`, { recursive: true });
  }
  Deno.mkdirSync(`${home}/control`, { recursive: true });
  return queue;
}

/** Writes `queue/<rel>` with `content` (NULs as written) and, if given, its mtime. */
export function put(queue: string, rel: string, content: string, mtime?: Date): void {
  const path = `${queue}/${rel}`;
  const bytes = new Uint8Array([...content].map((c) => c.charCodeAt(0)));
  Deno.writeFileSync(path, bytes);
  if (mtime) Deno.utimeSync(path, mtime, mtime);
}

/** Runs `main.ts <program> args` with QMAILHOME=home; returns code and output. */
export async function runProgram(
  home: string,
  program: string,
  args: string[] = [],
  stdin = "",
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const main = new URL("../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-worker-options", "--quiet", main, program, ...args],
    env: { QMAILHOME: home, TZ: "UTC", ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}
