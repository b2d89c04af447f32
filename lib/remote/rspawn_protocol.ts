/**
 * The pipe between qmail-send's remote deliverer and qmail-rspawn: one JSON
 * object per line each way. qmail's own spawn protocol passes descriptors
 * and NUL-separated fields, which Deno cannot hand to a child; JSON keeps
 * every address byte (addresses are latin1 strings, so JSON's escapes
 * round-trip them exactly).
 *
 * Request:  `{"d":delivery,"id":N,"m":"/path/mess/N","s":"sender","h":"host","r":["a@host",…]}`
 * Response: `{"d":delivery,"r":[{"status":"success","text":"…","report":"…"},…]}`
 *
 * @module
 */

import type { DeliveryResult } from "../local/deliverer.ts";
import type { RemoteDeliveryRequest } from "./deliverer.ts";

/** A request as one line (newline included). */
export function encodeRequest(r: RemoteDeliveryRequest): string {
  return JSON.stringify({
    d: r.delivery,
    id: r.id,
    m: r.messagePath,
    s: r.sender,
    h: r.host,
    r: r.recipients,
  }) + "\n";
}

/** Parses a request line; throws on a malformed one. */
export function decodeRequest(line: string): RemoteDeliveryRequest {
  const o = JSON.parse(line);
  const strings = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === "string");
  if (
    typeof o?.d !== "number" || typeof o.id !== "number" || typeof o.m !== "string" ||
    typeof o.s !== "string" || typeof o.h !== "string" || !strings(o.r)
  ) throw new Error("malformed remote delivery request");
  return { delivery: o.d, id: o.id, messagePath: o.m, sender: o.s, host: o.h, recipients: o.r };
}

/** A response as one line. */
export function encodeResponse(delivery: number, results: DeliveryResult[]): string {
  return JSON.stringify({ d: delivery, r: results }) + "\n";
}

/** Parses a response line. */
export function decodeResponse(line: string): { delivery: number; results: DeliveryResult[] } {
  const o = JSON.parse(line);
  if (typeof o?.d !== "number" || !Array.isArray(o.r)) throw new Error("malformed response");
  return { delivery: o.d, results: o.r };
}

/** Lines written to a pipe in batches (see {@linkcode lineBatcher}). */
export interface LineBatcher {
  /** Queues a line (newline included); resolves once it is written, rejects if the write fails. */
  add(line: string): Promise<void>;
  /** Writes what is queued now and waits for every write. */
  drain(): Promise<void>;
}

/**
 * Gathers the lines added in one turn of the event loop and writes them at
 * its end in one write, in the order they were added: a write on the pipe
 * per line cost more than the line, on both sides. No line waits longer
 * than the current turn. Writes never overlap.
 *
 * @example
 * ```ts ignore
 * const out = lineBatcher((bytes) => writeAll(Deno.stdout, bytes));
 * void out.add('{"d":1,"r":[]}\n');
 * await out.drain();
 * ```
 */
export function lineBatcher(write: (bytes: Uint8Array) => Promise<void>): LineBatcher {
  const enc = new TextEncoder();
  let batch: { lines: string[]; done: PromiseWithResolvers<void> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const b = batch;
    if (!b) return;
    batch = undefined;
    const bytes = enc.encode(b.lines.join(""));
    writing = writing.then(() => write(bytes)).then(b.done.resolve, b.done.reject);
  };
  return {
    add(line) {
      if (!batch) {
        batch = { lines: [], done: Promise.withResolvers() };
        // A caller need not wait for its line: a failed write is then no unhandled rejection.
        batch.done.promise.catch(() => {});
        timer = setTimeout(flush, 0);
      }
      batch.lines.push(line);
      return batch.done.promise;
    },
    async drain() {
      if (timer !== undefined) clearTimeout(timer);
      flush();
      await writing;
    },
  };
}

/** Splits a byte stream into lines (UTF-8), yielding each without its newline. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const dec = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += dec.decode(chunk, { stream: true });
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
  }
  if (buf) yield buf;
}
