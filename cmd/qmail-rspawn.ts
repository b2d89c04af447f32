/**
 * qmail-rspawn: schedule remote deliveries (qmail-rspawn(8)). Reads delivery
 * requests from stdin, one JSON line each (lib/remote/rspawn_protocol.ts),
 * performs them concurrently in this one process (sessions to the same MX
 * reused), and writes each result line as it finishes, in any order. Clears
 * the dead-host table when it starts, as qmail's does. Exits 0 at the end
 * of its input, once the deliveries in flight are done.
 *
 * @module
 */

import { writeAll } from "../lib/cli/output.ts";
import { qmailHome } from "../lib/paths.ts";
import { clearTcpto, openInProcessDeliverer } from "../lib/remote/mod.ts";
import { decodeRequest, encodeResponse, readLines } from "../lib/remote/rspawn_protocol.ts";

/** Serves requests until stdin ends. */
export async function main(_args: string[]): Promise<number> {
  const home = qmailHome();
  await clearTcpto(home).catch(() => {});
  const deliverer = openInProcessDeliverer(home);
  const enc = new TextEncoder();
  let writing = Promise.resolve();
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
      const bytes = enc.encode(encodeResponse(req.delivery, result.recipients));
      writing = writing.then(() => writeAll(Deno.stdout, bytes));
      return writing;
    }).catch(() => {}).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  await writing.catch(() => {});
  await deliverer.close();
  return 0;
}
