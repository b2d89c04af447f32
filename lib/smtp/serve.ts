/**
 * The thin driver of an SMTP session: it moves bytes between a connection
 * (any reader/writer pair: a Deno.Conn, stdin/stdout) and the pure session
 * machine, streams each message through the DATA decoder into the queue, and
 * answers the final dot only once the queue has the message on disk.
 *
 * @module
 */

import { type ByteReader, ConnectionClosed, ReadTimeout, SmtpReader } from "./reader.ts";
import { type ByteWriter, ReplyWriter, WriteFailed } from "./writer.ts";
import {
  dataDone,
  type DataOutcome,
  type SessionConfig,
  type SessionState,
  start,
  type Step,
  step,
} from "./session.ts";
import { DataDecoder } from "./data_decoder.ts";
import { receivedField, type ReceivedInfo } from "./received.ts";
import { REPLY } from "./replies.ts";
import type { Envelope } from "../queue/envelope.ts";
import { QueueError } from "../queue/errors.ts";

/** Hands one message to the queue; resolves with the queue writer's pid once it is on disk. */
export type QueueFn = (message: AsyncIterable<Uint8Array>, envelope: Envelope) => Promise<number>;

/** Everything a session needs besides its connection. */
export interface ServeOptions {
  config: SessionConfig;
  /** The connection as the Received field describes it (tcp-environ(5)). */
  connection: Omit<ReceivedInfo, "helo" | "protocol">;
  /** control/timeoutsmtpd, seconds per read (and per write). */
  timeoutSeconds: number;
  queue: QueueFn;
  /** The clock (Received field date, the 250's time stamp). */
  now?: () => Date;
  /** Where unexpected failures are reported (default stderr, which tcpserver logs). */
  log?: (line: string) => void;
  /** Longest command line accepted, in bytes before the CRLF. */
  maxLineBytes?: number;
}

/** Command lines longer than this get 500 (RFC 5321 4.5.3.1.4 asks for at least 512). */
export const MAX_LINE_BYTES = 4096;

/** Queue writes gather message bytes into pieces of about this size. */
const BATCH_BYTES = 65536;

/** The message failed the hop count or databytes check: the queue must not keep it. */
class MessageRefused extends Error {
  constructor() {
    super("message refused");
    this.name = "MessageRefused";
  }
}

/** A session's end, as qmail-smtpd's exit code: 0 after QUIT, 1 otherwise. */
type Ending = { code: number };

/**
 * Runs one SMTP session to its end and returns qmail-smtpd's exit code (0
 * after QUIT; 1 when the client vanished, timed out or sent a bare LF).
 * The caller closes the connection.
 *
 * @example
 * ```ts
 * const code = await serveSmtp(Deno.stdin, Deno.stdout, options);
 * ```
 */
export async function serveSmtp(
  input: ByteReader,
  output: ByteWriter,
  opts: ServeOptions,
): Promise<number> {
  const out = new ReplyWriter(output, opts.timeoutSeconds);
  const reader = new SmtpReader(input, {
    timeoutSeconds: opts.timeoutSeconds,
    beforeWait: () => out.flush(),
  });
  try {
    return (await converse(reader, out, opts)).code;
  } catch (e) {
    if (e instanceof ReadTimeout) {
      out.add([REPLY.timeout]);
      await out.flush().catch(() => {});
      return 1;
    }
    if (e instanceof ConnectionClosed || e instanceof WriteFailed) return 1;
    throw e;
  }
}

async function converse(reader: SmtpReader, out: ReplyWriter, opts: ServeOptions): Promise<Ending> {
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  let s = start(opts.config);
  for (;;) {
    const ending = await apply(s, reader, out, opts);
    if (ending.done) return ending.done;
    const line = await reader.readLine(maxLine);
    if (line.kind === "bareLf") {
      out.add([REPLY.strayNewline]);
      await out.flush();
      return { code: 1 };
    }
    s = line.kind === "tooLong"
      ? { state: ending.state, replies: [REPLY.lineTooLong], effects: [] }
      : step(ending.state, line.text);
  }
}

/** Sends a step's replies and carries out its effects; `done` when the session is over. */
async function apply(
  s: Step,
  reader: SmtpReader,
  out: ReplyWriter,
  opts: ServeOptions,
): Promise<{ state: SessionState; done?: Ending }> {
  out.add(s.replies);
  let state = s.state;
  for (const effect of s.effects) {
    if (effect.kind === "close") {
      await out.flush();
      return { state, done: { code: 0 } };
    }
    if (effect.kind === "flush") await out.flush();
    if (effect.kind === "data") {
      await out.flush();
      const outcome = await receiveMessage(reader, opts, effect);
      if ("code" in outcome) {
        out.add([REPLY.strayNewline]);
        await out.flush();
        return { state, done: outcome };
      }
      const after = await apply(dataDone(state, outcome), reader, out, opts);
      if (after.done) return after;
      state = after.state;
    }
  }
  return { state };
}

/**
 * Reads the message after the 354 and queues it. Returns the outcome for the
 * final dot's reply, or an Ending (code 1) when the client sent a bare LF.
 * Read failures (EOF, timeout) propagate.
 */
async function receiveMessage(
  reader: SmtpReader,
  opts: ServeOptions,
  effect: { envelope: Envelope; helo?: string },
): Promise<DataOutcome | Ending> {
  const now = opts.now ?? (() => new Date());
  const decoder = new DataDecoder(opts.config.databytes);
  const trace = receivedField({ ...opts.connection, helo: effect.helo, protocol: "SMTP" }, now());
  let fault: unknown = undefined;
  let bareLf = false;
  let finished = false;
  let discard = false;

  async function* message(): AsyncGenerator<Uint8Array> {
    const batch = new Batch();
    batch.add(latin1Bytes(trace));
    try {
      while (!finished) {
        const r = decoder.feed(await reader.peek());
        reader.consume(r.consumed);
        if (r.bareLf) {
          bareLf = true;
          throw new MessageRefused();
        }
        finished = r.end;
        // Past databytes nothing more is stored; the rest is read and dropped.
        if (!discard && !decoder.tooBig) batch.add(r.out);
        if (batch.size >= BATCH_BYTES || finished) {
          const piece = batch.take();
          if (piece.length > 0 && !discard) yield piece;
        }
      }
    } catch (e) {
      if (!(e instanceof MessageRefused)) fault = e;
      throw e;
    }
    if (decoder.looping || decoder.tooBig) throw new MessageRefused();
  }

  const it = message();
  let qp = 0;
  let queueError: unknown = undefined;
  try {
    qp = await opts.queue(it, effect.envelope);
  } catch (e) {
    queueError = e;
  }
  if (!finished && !bareLf && fault === undefined) {
    // The queue gave up early: read the rest of the message before replying.
    discard = true;
    try {
      while (!(await it.next()).done);
    } catch {
      // recorded in fault / bareLf
    }
  }
  if (fault !== undefined) throw fault;
  if (bareLf) return { code: 1 };
  if (queueError === undefined) {
    return { kind: "accepted", when: Math.floor(now().getTime() / 1000), qp };
  }
  if (decoder.looping) return { kind: "hops" };
  if (decoder.tooBig) return { kind: "tooBig" };
  if (queueError instanceof QueueError) return { kind: "queue", status: queueError.status };
  // Not one of qmail-queue's failures: a bug or a missing permission; say so on stderr.
  (opts.log ?? console.error)(`qmail-smtpd: queue failure: ${describe(queueError)}`);
  return { kind: "queue", status: new QueueError(81, queueError).status };
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Collects small pieces of message into one write. */
class Batch {
  #parts: Uint8Array[] = [];
  size = 0;

  add(b: Uint8Array): void {
    if (b.length === 0) return;
    this.#parts.push(b);
    this.size += b.length;
  }

  take(): Uint8Array {
    const out = this.#parts.length === 1 ? this.#parts[0] : new Uint8Array(this.size);
    if (this.#parts.length > 1) {
      let at = 0;
      for (const p of this.#parts) {
        out.set(p, at);
        at += p.length;
      }
    }
    this.#parts = [];
    this.size = 0;
    return out;
  }
}

function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
