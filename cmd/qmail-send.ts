/**
 * qmail-send (qmail-send(8)): delivers messages from the queue. Started by
 * qmail-start: in a system tree as a child running as qmails that asks
 * qmail-start (on stdin/stdout, lib/send/mux.ts) for local and remote
 * deliveries and for qmail-clean, and writes its activity record
 * (qmail-log(5)) on stderr. In a single-user tree qmail-start runs it
 * in-process instead.
 *
 * @module
 */

import { usage } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { QmailSend } from "../lib/send/engine.ts";
import { queueBounces } from "../lib/send/inject_bounce.ts";
import { logLine, writerLog } from "../lib/send/log.ts";
import { MuxClient } from "../lib/send/mux.ts";
import { catchSignals, startOrAlert } from "../lib/send/startup.ts";

/** Runs qmail-send until SIGTERM or until qmail-start goes away. */
export async function main(args: string[]): Promise<number> {
  if (args.length > 0) usage("qmail-send", "qmail-send");
  const home = qmailHome();
  const log = writerLog(Deno.stderr);
  const started = await startOrAlert(home, log);
  if (!started) return 111;
  using mutex = started.mutex;
  void mutex;
  const mux = new MuxClient(Deno.stdin.readable, Deno.stdout.writable);
  const limits = await mux.limits();
  if (mux.dead && limits.local === 0 && limits.remote === 0) {
    log.write(logLine.alert("cannot start: hath the daemon spawn no fire?"));
    await log.flush();
    return 111;
  }
  const send = new QmailSend({
    home,
    log,
    local: mux.local,
    remote: mux.remote,
    cleaner: mux.cleaner,
    injectBounce: queueBounces(home),
    spawnLimits: limits,
    config: started.config,
  });
  mux.done.then(() => send.ctx.lost("spawn"));
  const uncatch = catchSignals(send);
  try {
    return await send.run();
  } finally {
    uncatch();
  }
}
