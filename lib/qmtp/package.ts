/**
 * One QMTP/QMQP package into the queue: the message streams through
 * qmail-queue's contract (honouring QMAILQUEUE) while it is read, the
 * envelope is read after it (qmail-queue reads fd 1 second), and the answer
 * is the response's text: `Kok TIME qp N`, or qmail.c's `D…`/`Z…` status.
 * Whatever the queue does, the whole package is read before the answer, so
 * the next package (QMTP) starts where it should.
 *
 * @module
 */

import type { Envelope } from "../queue/envelope.ts";
import { formatEnvelope } from "../queue/envelope.ts";
import { QueueError } from "../queue/errors.ts";
import { submit } from "../queue/submit.ts";

/** What a package's reader gives the queue. */
export interface Package {
  /** The message's pieces, trace field first; client faults (EOF, bad framing) propagate. */
  message: AsyncIterable<Uint8Array>;
  /** Reads the envelope: it, or the `D…` text of a refusal (a bad sender or recipient). */
  envelope(): Promise<Envelope | string>;
}

/** Where and on whose behalf to queue. */
export interface PackageQueue {
  /** QMAILHOME. */
  home: string;
  /** The connection's environment (QMAILQUEUE from a rule, what a QMAILQUEUE program inherits). */
  env: Record<string, string | undefined>;
  /** The clock (the `Kok` time stamp). */
  now?: () => Date;
  /** Where unexpected queue failures are reported. */
  log?: (line: string) => void;
}

/** The envelope was refused: nothing may be queued. */
class Refused extends Error {}

/**
 * Queues `pkg`, returning the response text. Client faults (ConnectionClosed,
 * BadProtocol, OutOfResources) propagate once nothing is left queued.
 */
export async function queuePackage(pkg: Package, q: PackageQueue): Promise<string> {
  let fault: unknown = undefined;
  let refusal: string | undefined;
  let reading: Promise<Envelope | string> | undefined;
  const readEnvelope = () => reading ??= pkg.envelope();
  const source = pkg.message[Symbol.asyncIterator]();
  const message: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        let r: IteratorResult<Uint8Array>;
        try {
          r = await source.next();
        } catch (e) {
          fault = e;
          throw e;
        }
        if (r.done) return;
        yield r.value;
      }
    },
  };
  let qp = 0;
  let queueError: unknown = undefined;
  try {
    qp = await submit({
      home: q.home,
      message,
      envelope: async () => {
        const e = await readEnvelope();
        if (typeof e !== "string") return formatEnvelope(e);
        refusal = e;
        throw new Refused();
      },
      origin: "network",
      env: q.env,
    });
  } catch (e) {
    queueError = e;
  }
  if (fault !== undefined) throw fault;
  if (queueError !== undefined) {
    // The queue may have given up before reading everything: read the rest.
    for (;;) {
      const r = await source.next();
      if (r.done) break;
    }
    const e = await readEnvelope();
    if (typeof e === "string") refusal = e;
  }
  if (refusal !== undefined) return refusal;
  if (queueError === undefined) {
    return `Kok ${Math.floor((q.now?.() ?? new Date()).getTime() / 1000)} qp ${qp}`;
  }
  if (queueError instanceof QueueError) return queueError.status;
  (q.log ?? console.error)(`queue failure: ${queueError}`);
  return new QueueError(81, queueError).status;
}
