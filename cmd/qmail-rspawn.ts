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
import {
  decodeRequest,
  encodeResponse,
  lineBatcher,
  readLines,
} from "../lib/remote/rspawn_protocol.ts";

/** Serves requests until stdin ends. */
export async function main(_args: string[]): Promise<number> {
  const home = qmailHome();
  await clearTcpto(home).catch(() => {});
  const deliverer = openInProcessDeliverer(home);
  // Results finished in the same turn go out in one write.
  const results = lineBatcher((bytes) => writeAll(Deno.stdout, bytes));
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
      void results.add(encodeResponse(req.delivery, result.recipients));
    }).catch(() => {}).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  await results.drain();
  await deliverer.close();
  return 0;
}
