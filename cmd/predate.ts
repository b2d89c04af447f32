/**
 * predate: run a program with a Date line (local time, numeric zone)
 * prepended to its input, and exit with its exit code (qmail's predate.c).
 * The child is found on PATH like execvp does.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { localDateLine } from "../lib/sendmail/predate.ts";
import { errorText } from "../lib/qread/errstr.ts";

/** Copies the date line, then stdin, into `w`; stops quietly when the child stops reading. */
async function feed(dateLine: string, w: WritableStreamDefaultWriter<Uint8Array>): Promise<void> {
  try {
    await w.write(new TextEncoder().encode(dateLine));
    for await (const chunk of Deno.stdin.readable) await w.write(chunk);
    await w.close();
  } catch {
    // predate ignores SIGPIPE and write errors: the child's exit code is what counts.
    await w.abort().catch(() => {});
  }
}

/** Runs `args[0]` with `args.slice(1)`; returns the child's exit code. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) usage("predate", "predate child");
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(args[0], {
      args: args.slice(1),
      stdin: "piped",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (e) {
    die(111, "predate", `fatal: unable to run ${args[0]}: ${errorText(e)}`);
  }
  // Not awaited: once the child has exited, its exit code is the answer even if
  // stdin is still open.
  feed(localDateLine(new Date()), child.stdin.getWriter());
  const status = await child.status;
  if (status.signal !== null) die(111, "predate", "fatal: child crashed");
  return status.code;
}
