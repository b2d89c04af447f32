/**
 * qmail-rspawn: schedule remote deliveries (qmail-rspawn(8)). Reads delivery
 * requests from stdin, one JSON line each (lib/remote/rspawn_protocol.ts),
 * performs them concurrently in this one process (sessions to the same MX
 * reused), and writes each result line as it finishes, in any order (those
 * finishing in the same event-loop turn in one write). Clears
 * the dead-host table when it starts, as qmail's does. Exits 0 at the end
 * of its input, once the deliveries in flight are done.
 *
 * @module
 */

import { writeAll } from "../lib/cli/output.ts";
import { qmailHome } from "../lib/paths.ts";
import { clearTcpto, openInProcessDeliverer } from "../lib/remote/mod.ts";
import { decodeRequest, encodeResponse, readLines } from "../lib/remote/rspawn_protocol.ts";

/**
 * Result lines are not written one by one: those finished in the same turn
 * of the event loop are joined and written at its end in one write (a
 * write on the pipe per result cost more than the result). Lines keep the
 * order they finished in, and none waits longer than the current turn.
 */
function resultWriter(): { add(line: string): void; drain(): Promise<void> } {
  const enc = new TextEncoder();
  let lines: string[] = [];
  let writing = Promise.resolve();
  const flush = () => {
    const bytes = enc.encode(lines.join(""));
    lines = [];
    writing = writing.then(() => writeAll(Deno.stdout, bytes)).catch(() => {});
  };
  return {
    add(line) {
      if (lines.push(line) === 1) setTimeout(flush, 0);
    },
    async drain() {
      if (lines.length > 0) flush();
      await writing;
    },
  };
}

/** Serves requests until stdin ends. */
export async function main(_args: string[]): Promise<number> {
  const home = qmailHome();
  await clearTcpto(home).catch(() => {});
  const deliverer = openInProcessDeliverer(home);
  const results = resultWriter();
  const inflight = new Set<Promise<void>>();
  for await (const line of readLines(Deno.stdin.readable)) {
    if (!line.trim()) continue;
    let req;
    try {
      req = decodeRequest(line);
    } catch {
      await writeAll(Deno.stderr, "qmail-rspawn: warning: malformed request ignored\n");
      continue;
    }
    const p = deliverer.deliver(req).then((result) => {
      results.add(encodeResponse(req.delivery, result.recipients));
    }).catch(() => {}).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  await results.drain();
  await deliverer.close();
  return 0;
}
