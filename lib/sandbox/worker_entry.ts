/**
 * The sandboxed side of the dispatcher: runs inside a Worker whose Deno
 * permissions are the program's grants, loads the program's module and
 * reports its exit code.
 *
 * @module
 */

import { programs } from "../../cmd/registry.ts";
import { reportExit } from "./run_program.ts";
import { setHostChannel } from "./host.ts";
import type { FromWorker, ToWorker } from "./messages.ts";

const scope = self as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

setHostChannel((m) => scope.postMessage(m));

scope.onmessage = async (e) => {
  const m = e.data;
  if (m.kind !== "start") return setHostChannel(null, m);
  const code = await reportExit(m.program, async () => {
    const mod = await programs[m.program].load();
    return await mod.main(m.args);
  });
  scope.postMessage({ kind: "exit", code });
};
