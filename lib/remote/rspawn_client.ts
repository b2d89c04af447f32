/**
 * A {@linkcode RemoteDeliverer} that hands deliveries to one long-running
 * `qmail-rspawn` child (this same executable), as qmail-send hands them to
 * qmail-rspawn: in system mode the child runs as qmailr, so qmail-send
 * itself needs no network. One process for all deliveries, never one per
 * delivery. Requests and results travel as JSON lines (rspawn_protocol.ts).
 * If the child dies, the deliveries in flight are deferred and the next
 * delivery starts a new child.
 *
 * @module
 */

import { selfCommand } from "../cli/self.ts";
import type { DeliveryResult } from "../local/deliverer.ts";
import type { RemoteDeliverer, RemoteDeliveryRequest, RemoteDeliveryResult } from "./deliverer.ts";
import {
  decodeResponse,
  encodeRequest,
  type LineBatcher,
  lineBatcher,
  readLines,
} from "./rspawn_protocol.ts";

/** How to start qmail-rspawn. */
export interface RspawnOptions {
  /** Run the child as this user and group (root only; qmailr in system mode). */
  uid?: number;
  gid?: number;
  /** Extra environment for the child (e.g. DNSCACHEIP). */
  env?: Record<string, string>;
  /** The command line; default `selfCommand("qmail-rspawn")`. */
  command?: [string, string[]];
}

interface Child {
  process: Deno.ChildProcess;
  writer: WritableStreamDefaultWriter<Uint8Array>;
  /** Requests started in the same turn go to the child in one write. */
  requests: LineBatcher;
  pending: Map<number, { resolve: (r: DeliveryResult[]) => void; count: number }>;
  done: Promise<void>;
}

function deferAll(count: number, why: string): DeliveryResult[] {
  return Array.from(
    { length: count },
    () => ({
      status: "deferral" as const,
      text: why.replace(/\n/g, "/").replace(/[^\x21-\x7e]/g, "_"),
      report: why,
    }),
  );
}

/**
 * Spawns qmail-rspawn on first use.
 *
 * @example
 * ```ts ignore
 * const d = rspawnDeliverer({ uid: qmailr.uid, gid: qmailr.gid });
 * const r = await d.deliver(req);
 * await d.close();
 * ```
 */
export function rspawnDeliverer(opts: RspawnOptions = {}): RemoteDeliverer {
  let child: Child | undefined;

  function start(): Child {
    const [cmd, args] = opts.command ?? selfCommand("qmail-rspawn");
    const process = new Deno.Command(cmd, {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
      env: opts.env,
      uid: opts.uid,
      gid: opts.gid,
    }).spawn();
    const writer = process.stdin.getWriter();
    const c: Child = {
      process,
      writer,
      requests: lineBatcher((bytes) => writer.write(bytes)),
      pending: new Map(),
      done: Promise.resolve(),
    };
    c.done = (async () => {
      try {
        for await (const line of readLines(process.stdout)) {
          if (!line) continue;
          const { delivery, results } = decodeResponse(line);
          const p = c.pending.get(delivery);
          if (!p) continue;
          c.pending.delete(delivery);
          p.resolve(results);
        }
      } catch { /* a broken pipe ends the child below */ }
      await process.status;
      if (child === c) child = undefined;
      for (const p of c.pending.values()) p.resolve(deferAll(p.count, "qmail-rspawn crashed.\n"));
      c.pending.clear();
    })();
    return c;
  }

  return {
    async deliver(req: RemoteDeliveryRequest): Promise<RemoteDeliveryResult> {
      child ??= start();
      const c = child;
      const results = new Promise<DeliveryResult[]>((resolve) =>
        c.pending.set(req.delivery, { resolve, count: req.recipients.length })
      );
      try {
        await c.requests.add(encodeRequest(req));
      } catch {
        c.pending.delete(req.delivery);
        return { recipients: deferAll(req.recipients.length, "Unable to run qmail-remote.\n") };
      }
      return { recipients: await results };
    },
    async close(): Promise<void> {
      const c = child;
      child = undefined;
      if (!c) return;
      try {
        await c.requests.drain();
        await c.writer.close();
      } catch { /* already gone */ }
      await c.done;
    },
  };
}
