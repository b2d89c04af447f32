/**
 * qmail-start in a single-user tree: every part runs as the caller, so
 * qmail-send, qmail-clean and local delivery run in this one process (no
 * pipes, no process per delivery); only a logger and .qmail programs are
 * separate processes, and remote delivery runs in one qmail-rspawn child.
 *
 * @module
 */

import { DirectCleaner } from "./clean.ts";
import { QmailSend } from "./engine.ts";
import { queueBounces } from "./inject_bounce.ts";
import { logLine, type LogSink } from "./log.ts";
import { openLocal } from "./local_deliverer.ts";
import { openRemote } from "./remote_open.ts";
import { catchSignals, startOrAlert } from "./startup.ts";

/** Runs the whole delivery side in-process until SIGTERM; returns the exit code. */
export async function runInProcess(
  home: string,
  defaultDelivery: string,
  log: LogSink,
): Promise<number> {
  const started = await startOrAlert(home, log);
  if (!started) return 111;
  using mutex = started.mutex;
  let local;
  try {
    local = await openLocal(home, { defaultDelivery, singleUser: true });
  } catch {
    log.write(logLine.alert("cannot start: hath the daemon spawn no fire?"));
    await log.flush();
    return 111;
  }
  const remote = await openRemote(home);
  const send = new QmailSend({
    home,
    log,
    local,
    remote,
    cleaner: new DirectCleaner(`${home}/queue`),
    injectBounce: queueBounces(home),
    config: started.config,
  });
  const uncatch = catchSignals(send);
  try {
    return await send.run();
  } finally {
    uncatch();
    await local.close();
    await remote.close();
    void mutex;
  }
}
