/**
 * Pid files of services started without a service manager:
 * `QMAILHOME/run/<service>.pid` holding the decimal pid and a newline, its
 * mtime the start time. A daemon launcher (qmailctl start, deno task start)
 * writes one per service; qmailctl trusts it only after `ps` confirms the pid
 * runs the service's program, so a stale file never gets a stranger signalled.
 *
 * @module
 */

/** The pid file of a service. */
export function pidFilePath(home: string, service: string): string {
  return `${home}/run/${service}.pid`;
}

/** Records `pid` as `service`'s main process (atomically: temp file, rename). */
export function writePidFile(home: string, service: string, pid: number): void {
  Deno.mkdirSync(`${home}/run`, { recursive: true, mode: 0o755 });
  const path = pidFilePath(home, service);
  Deno.writeTextFileSync(`${path}.tmp`, `${pid}\n`, { mode: 0o644 });
  Deno.renameSync(`${path}.tmp`, path);
}

/** The pid and start time recorded for `service`, or undefined. */
export function readPidFile(
  home: string,
  service: string,
): { pid: number; since: Date } | undefined {
  const path = pidFilePath(home, service);
  try {
    const pid = Number(Deno.readTextFileSync(path).trim());
    if (!Number.isSafeInteger(pid) || pid <= 1) return undefined;
    return { pid, since: Deno.statSync(path).mtime ?? new Date() };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Removes a service's pid file if present. */
export function removePidFile(home: string, service: string): void {
  try {
    Deno.removeSync(pidFilePath(home, service));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
