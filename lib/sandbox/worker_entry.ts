/**
 * The sandboxed side of the dispatcher. The dispatcher starts each program
 * in a Worker whose module is generated (dispatch.ts's workerSource): it
 * imports this file and the program's module statically (so the sandbox, which may forbid reading the
 * code's directory, still lets them load) and calls `runProgram` with the
 * arguments written into it, which runs the program at once (a start message
 * would cost the Worker's first message, about 6 ms) and reports its exit
 * code.
 *
 * @module
 */

import { reportExit } from "./run_program.ts";
import { setHostChannel } from "./host.ts";
import type { FromWorker, ToWorker } from "./messages.ts";

type ProgramMain = (args: string[]) => Promise<number>;

/** Runs `main` with `args` and posts its exit code; the dispatcher's replies go to the host channel. */
export async function runProgram(
  program: string,
  main: ProgramMain,
  args: string[],
): Promise<void> {
  const scope = self as unknown as {
    postMessage(m: FromWorker): void;
    onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  };
  setHostChannel((m) => scope.postMessage(m));
  scope.onmessage = (e) => setHostChannel(null, e.data);
  scope.postMessage({ kind: "running" });
  const code = await reportExit(program, () => main(args));
  scope.postMessage({ kind: "exit", code });
}
