/**
 * qmail-send's start (qmail-send.c main): the home and queue directories,
 * the controls, and lock/sendmutex (one qmail-send per queue). Each failure
 * is an `alert: cannot start: …` line and exit 111. Also the signals
 * qmail-send catches (qmail-send(8)): HUP, ALRM, TERM.
 *
 * @module
 */

import { ControlsUnreadable, readSendConfig, type SendConfig } from "./controls.ts";
import type { QmailSend } from "./engine.ts";
import { logLine, type LogSink } from "./log.ts";

/** qmail-send could not start; `alert` is the log line's text after `alert: `. */
export class CannotStart extends Error {
  constructor(readonly alert: string) {
    super(alert);
  }
}

/** What a started qmail-send holds. */
export interface Started {
  config: SendConfig;
  /** lock/sendmutex, locked while open. */
  mutex: Deno.FsFile;
}

/**
 * startChecks, with a failure logged as qmail-send's alert line: undefined
 * then, and the caller exits 111.
 */
export async function startOrAlert(home: string, log: LogSink): Promise<Started | undefined> {
  try {
    return startChecks(home);
  } catch (e) {
    if (!(e instanceof CannotStart)) throw e;
    log.write(logLine.alert(e.alert));
    await log.flush();
    return undefined;
  }
}

/** Checks the tree, reads the controls and takes the send mutex. */
export function startChecks(home: string): Started {
  try {
    if (!Deno.statSync(home).isDirectory) throw new Error();
  } catch {
    throw new CannotStart("cannot start: unable to switch to home directory");
  }
  let config: SendConfig;
  try {
    config = readSendConfig(home);
  } catch (e) {
    if (e instanceof ControlsUnreadable) {
      throw new CannotStart("cannot start: unable to read controls");
    }
    throw e;
  }
  try {
    if (!Deno.statSync(`${home}/queue`).isDirectory) throw new Error();
  } catch {
    throw new CannotStart("cannot start: unable to switch to queue directory");
  }
  let mutex: Deno.FsFile;
  try {
    mutex = Deno.openSync(`${home}/queue/lock/sendmutex`, { write: true });
  } catch {
    throw new CannotStart("cannot start: unable to open mutex");
  }
  if (!mutex.tryLockSync(true)) {
    mutex.close();
    throw new CannotStart("cannot start: qmail-send is already running");
  }
  return { config, mutex };
}

/** Makes HUP, ALRM and TERM reach `send`; returns a function that stops that. */
export function catchSignals(send: QmailSend, extra?: (s: Deno.Signal) => void): () => void {
  const handlers: [Deno.Signal, () => void][] = [
    ["SIGHUP", () => send.hup()],
    ["SIGALRM", () => send.alrm()],
    ["SIGTERM", () => send.term()],
  ];
  const wrapped = handlers.map(([sig, h]) => [sig, () => (h(), extra?.(sig))] as const);
  for (const [sig, h] of wrapped) Deno.addSignalListener(sig, h);
  return () => {
    for (const [sig, h] of wrapped) Deno.removeSignalListener(sig, h);
  };
}
