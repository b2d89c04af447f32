/**
 * The sandboxed side of the dispatcher. The dispatcher starts each program
 * in a Worker whose module is generated: it imports this file and the
 * program's module statically (so the sandbox, which may forbid reading the
 * code's directory, still lets them load) and calls `runProgram`, which waits
 * for the arguments, runs the program and reports its exit code.
 *
 * @module
 */

import { reportExit } from "./run_program.ts";
import { setHostChannel } from "./host.ts";
import type { FromWorker, ToWorker } from "./messages.ts";

type ProgramMain = (args: string[]) => Promise<number>;

/** Runs `main` when the dispatcher sends the start message; posts its exit code. */
export function runProgram(program: string, main: ProgramMain): void {
  const scope = self as unknown as {
    postMessage(m: FromWorker): void;
    onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  };
  setHostChannel((m) => scope.postMessage(m));
  scope.onmessage = async (e) => {
    const m = e.data;
    if (m.kind !== "start") return setHostChannel(null, m);
    const code = await reportExit(program, () => main(m.args));
    scope.postMessage({ kind: "exit", code });
  };
}

/**
 * The source of a Worker's module running `program`: this file's runProgram
 * with the program's entry function.
 */
export function workerSource(program: string, moduleUrl: string, entry = "main"): string {
  const self = new URL(import.meta.url).href;
  return `import { runProgram } from ${JSON.stringify(self)};\n` +
    `import { ${entry} as main } from ${JSON.stringify(moduleUrl)};\n` +
    `runProgram(${JSON.stringify(program)}, main);\n`;
}
