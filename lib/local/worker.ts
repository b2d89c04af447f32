/**
 * The worker side of the per-uid pool (`qmail-local --worker`): reads
 * deliveries from stdin (see pool.ts for the protocol), runs qmail-local
 * for each — several at once — and writes the outcomes on stdout. It runs
 * with the recipient's uid and gid; it refuses to deliver as root, as
 * qmail-lspawn does. Programs read the message from a private temporary
 * copy (mode 600, removed after the delivery), since the queue is closed to
 * users.
 *
 * @module
 */

import { inheritedEnv } from "./environ.ts";
import { forwarder } from "./inprocess.ts";
import { type LocalArgs, type LocalContext, type LocalOutcome, qmailLocal } from "./local.ts";
import { FrameReader, jsonLine, SerialWriter, writeAllTo } from "./wire.ts";
import { QLX } from "../users/getpw.ts";

/** A private temporary copy of the message for program stdin. */
export async function spoolMessage(
  bytes: Uint8Array,
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await Deno.makeTempFile({ prefix: "qmail-local." });
  await Deno.chmod(path, 0o600);
  await Deno.writeFile(path, bytes);
  return { path, remove: () => Deno.remove(path).catch(() => {}) };
}

/** Serves deliveries until stdin ends and every delivery has answered. */
export async function serveWorker(home: string): Promise<void> {
  const reader = new FrameReader(Deno.stdin.readable);
  const writer = new SerialWriter(writeAllTo(Deno.stdout));
  const ctx: LocalContext = {
    qmailHome: home,
    baseEnv: inheritedEnv(),
    forward: forwarder(home),
    spool: spoolMessage,
  };
  const asRoot = Deno.uid() === 0;
  const inflight = new Set<Promise<void>>();
  for (;;) {
    const line = await reader.line();
    if (line === null) break;
    const m = JSON.parse(line) as { seq: number; args: LocalArgs; size: number };
    const bytes = await reader.bytes(m.size);
    if (bytes === null) break;
    const outcome: Promise<LocalOutcome> = asRoot
      ? Promise.resolve({ code: QLX.ROOT, output: "" })
      : qmailLocal(m.args, { bytes }, ctx);
    const p = outcome.then((o) => writer.send(jsonLine({ seq: m.seq, ...o })))
      .catch(() => {});
    inflight.add(p);
    p.finally(() => inflight.delete(p));
  }
  await Promise.allSettled([...inflight]);
  await writer.flushed();
}
