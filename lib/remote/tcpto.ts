/**
 * The dead-host table on disk: queue/lock/tcpto (and tcpto6 for IPv6), read
 * and written under an exclusive lock on the file as tcpto.c does. A file
 * that cannot be opened means "no information": delivery goes on.
 *
 * @module
 */

import {
  formatEntry,
  isDown,
  layoutFor,
  listEntries,
  recordAttempt,
  TCPTO_SIZE,
  V4,
  V6,
} from "./tcpto_table.ts";

/** The path of the table for `address`'s family. */
export function tcptoPath(home: string, address = "0.0.0.0"): string {
  return `${home}/queue/lock/${layoutFor(address) === V6 ? "tcpto6" : "tcpto"}`;
}

/** What qmail-remote asks of the table; injectable for tests. */
export interface TcptoStore {
  /** Whether to skip `address` now. */
  isDown(address: string): Promise<boolean>;
  /** After a connection attempt: `timedOut` true records a timeout, false clears. */
  record(address: string, timedOut: boolean): Promise<void>;
}

async function withLocked<T>(
  path: string,
  write: boolean,
  fn: (file: Deno.FsFile, buf: Uint8Array) => Promise<T>,
): Promise<T | undefined> {
  let file: Deno.FsFile;
  try {
    // tcpto6 is created on first use; qmail's tcpto exists from install.
    file = await Deno.open(path, { read: true, write, create: write && path.endsWith("6") });
  } catch {
    return undefined;
  }
  try {
    await file.lock(true);
    const buf = new Uint8Array(path.endsWith("6") ? 2 * TCPTO_SIZE : TCPTO_SIZE);
    let got = 0;
    while (got < buf.length) {
      const r = await file.read(buf.subarray(got));
      if (r === null) break;
      got += r;
    }
    return await fn(file, buf.subarray(0, got));
  } catch {
    return undefined;
  } finally {
    file.close();
  }
}

/**
 * The table of QMAILHOME `home`. `now` (seconds) and `pid` are injectable.
 *
 * @example
 * ```ts ignore
 * const t = fileTcpto("/var/qmail");
 * if (!(await t.isDown("192.0.2.1"))) { ... }
 * ```
 */
export function fileTcpto(
  home: string,
  now: () => number = () => Math.floor(Date.now() / 1000),
  pid: number = Deno.pid,
): TcptoStore {
  return {
    async isDown(address) {
      const r = await withLocked(
        tcptoPath(home, address),
        false,
        (_f, buf) => Promise.resolve(isDown(buf, address, now(), pid)),
      );
      return r ?? false;
    },
    async record(address, timedOut) {
      const path = tcptoPath(home, address);
      await withLocked(path, true, async (file, buf) => {
        if (path.endsWith("6") && buf.length < 2 * TCPTO_SIZE) {
          const full = new Uint8Array(2 * TCPTO_SIZE);
          full.set(buf);
          buf = full;
        }
        const at = recordAttempt(buf, address, timedOut, now());
        if (at < 0) return;
        const size = layoutFor(address).recordSize;
        await file.seek(at, Deno.SeekMode.Start);
        const rec = buf.subarray(at, at + size);
        for (let off = 0; off < rec.length;) off += await file.write(rec.subarray(off));
      });
    },
  };
}

/** A table that knows nothing and remembers nothing. */
export const noTcpto: TcptoStore = {
  isDown: () => Promise.resolve(false),
  record: () => Promise.resolve(),
};

/** qmail-tcpto's report: a line per recent timeout (IPv4 table, then IPv6). */
export async function printTcpto(home: string, now: number): Promise<string> {
  let out = "";
  for (const [addr, layout] of [["0.0.0.0", V4], ["::", V6]] as const) {
    const path = tcptoPath(home, addr);
    const text = await withLocked(path, false, (_f, buf) => {
      return Promise.resolve(listEntries(buf, layout).map((e) => formatEntry(e, now)).join(""));
    });
    if (text === undefined && layout === V4) throw new Error(`unable to open ${path}`);
    out += text ?? "";
  }
  return out;
}

/** qmail-tcpok: overwrite the tables with zeros (tcpto6 only if it exists). */
export async function clearTcpto(home: string): Promise<void> {
  for (const [addr, size] of [["0.0.0.0", TCPTO_SIZE], ["::", 2 * TCPTO_SIZE]] as const) {
    const path = tcptoPath(home, addr);
    let file: Deno.FsFile;
    try {
      // open_write: qmail-tcpok never creates the table.
      file = await Deno.open(path, { write: true });
    } catch (e) {
      if (addr === "::" && e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    try {
      await file.lock(true);
      const zeros = new Uint8Array(size);
      for (let off = 0; off < size;) off += await file.write(zeros.subarray(off));
    } finally {
      file.close();
    }
  }
}
