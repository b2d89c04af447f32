/**
 * qmail-start (qmail-start(8)): turns on mail delivery. `qmail-start
 * [ defaultdelivery [ logger arg ... ] ]`: the default delivery goes to
 * local delivery (an empty or missing argument means control/defaultdelivery,
 * else ./Mailbox, so `qmail-start "$(cat control/defaultdelivery)"` works as
 * the source documents' rc scripts use it); the activity record goes to
 * stdout, or through `logger` when given. In a single-user tree everything
 * runs in this process as the caller (lib/send/start_inprocess.ts); in a
 * system tree, as root, each part runs under its qmail account
 * (lib/send/start_system.ts). Like qmail's, it prints nothing else, even on
 * failure.
 *
 * @module
 */

import { treeAccounts } from "../lib/ids/accounts.ts";
import { qmailHome } from "../lib/paths.ts";
import { readControlText } from "../lib/control/read.ts";
import { writerLog } from "../lib/send/log.ts";
import { runInProcess } from "../lib/send/start_inprocess.ts";

/** The default delivery: the argument, else control/defaultdelivery, else ./Mailbox. */
export function defaultDeliveryOf(home: string, arg: string | undefined): string {
  if (arg) return arg;
  try {
    const text = readControlText(`${home}/control/defaultdelivery`);
    if (text && text.trim()) return text;
  } catch {
    // unreadable: qmail's own default
  }
  return "./Mailbox";
}

/** Starts delivery; returns when qmail-send has exited. */
export async function main(args: string[]): Promise<number> {
  const home = qmailHome();
  const delivery = defaultDeliveryOf(home, args[0]);
  const loggerArgs = args.slice(1);
  const system = !treeAccounts(home).singleUser;
  if (system && Deno.uid() !== 0) return 111;
  let logger: Deno.ChildProcess | undefined;
  if (loggerArgs.length > 0) {
    const ids = system ? (await import("../lib/send/start_system.ts")).systemIds(home).qmaill : {};
    try {
      logger = new Deno.Command(loggerArgs[0], {
        args: loggerArgs.slice(1),
        stdin: "piped",
        stdout: "inherit",
        stderr: "inherit",
        ...ids,
      }).spawn();
    } catch {
      return 111;
    }
  }
  const w = logger ? logger.stdin.getWriter() : undefined;
  const log = writerLog(w ? { write: async (p) => (await w.write(p), p.length) } : Deno.stdout);
  let code: number;
  try {
    if (system) {
      const { runSystem } = await import("../lib/send/start_system.ts");
      // Like qmail's, qmail-start says nothing when it cannot start (missing accounts …).
      code = await runSystem(home, delivery, log).catch(() => 111);
    } else {
      code = await runInProcess(home, delivery, log);
    }
  } finally {
    await log.flush();
    if (w && logger) {
      await w.close().catch(() => {});
      await logger.status;
    }
  }
  return code;
}
