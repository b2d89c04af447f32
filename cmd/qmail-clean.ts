/**
 * qmail-clean (qmail-clean(8)): reads `foop/N` and `todo/N` commands, each
 * ended by NUL, on descriptor 0, removes the files qmail-send may not
 * remove itself, and answers `+`, `!` or `x` on descriptor 1
 * (lib/send/clean.ts). Exits 0 at end of input.
 *
 * @module
 */

import { usage } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { applyClean, parseCleanCommand, PidSweeper } from "../lib/send/clean.ts";
import { fromBytes } from "../lib/send/bytes.ts";

/** Serves qmail-send's cleanup commands until end of input. */
export async function main(args: string[]): Promise<number> {
  if (args.length > 0) usage("qmail-clean", "qmail-clean");
  const queue = `${qmailHome()}/queue`;
  try {
    if (!Deno.statSync(queue).isDirectory) return 111;
  } catch {
    return 111;
  }
  const sweeper = new PidSweeper(queue);
  const out = Deno.stdout;
  let buf = new Uint8Array(0);
  for await (const chunk of Deno.stdin.readable) {
    const b = new Uint8Array(buf.length + chunk.length);
    b.set(buf);
    b.set(chunk, buf.length);
    buf = b;
    let replies = "";
    let nul: number;
    while ((nul = buf.indexOf(0)) >= 0) {
      sweeper.tick();
      const cmd = parseCleanCommand(fromBytes(buf.subarray(0, nul)));
      buf = buf.subarray(nul + 1);
      replies += cmd ? applyClean(queue, cmd.request, cmd.id) : "x";
    }
    if (replies) {
      try {
        let r = new TextEncoder().encode(replies);
        while (r.length > 0) r = r.subarray(await out.write(r));
      } catch {
        return 100;
      }
    }
  }
  return 0;
}
