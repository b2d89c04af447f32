/**
 * qmail-inject's driver: options, configuration, the header read from a
 * stream of chunks, then the message printed (-n) or queued through submit().
 * The body is streamed, never held whole in memory. I/O arrives as arguments
 * so tests and sendmail can run it in-process.
 *
 * @module
 */

import { writeAll } from "../cli/output.ts";
import { QueueError } from "../queue/errors.ts";
import type { Submission } from "../queue/submit.ts";
import { InjectError } from "./errors.ts";
import { bodyChunks, type SplitHeader, splitHeader } from "./headerbody.ts";
import { rewriteHeader, startInjection } from "./inject.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import { parseInjectArgs } from "./options.ts";
import { type InjectPlace, loadSetup } from "./setup.ts";
import type { ByteReader } from "../io/timed_reader.ts";

/** qmail-inject's surroundings. */
export interface InjectIO extends InjectPlace {
  /** The message, in chunks (a ReadableStream will do; chunksOf reads Deno.stdin). */
  stdin: AsyncIterable<Uint8Array>;
  stdout: { write(p: Uint8Array): Promise<number> };
  /** Queues a message (lib/queue/submit.ts's submit). */
  submit(s: Submission): Promise<unknown>;
}

/** A reader of the message: Deno.stdin, or anything with its `read`. */
export type ChunkSource = ByteReader & { readSync?(p: Uint8Array): number | null };

/**
 * The bytes of `reader` (Deno.stdin), in chunks of up to 64 KiB, read with
 * `readSync` when it has one: qmail-inject has nothing to do while it waits
 * for input. Neither a ReadableStream nor async reads: in a fresh Worker,
 * Web streams cost about 8 ms to set up and the first async read about 4 ms,
 * and `sendmail -t` is timed by the call.
 */
export async function* chunksOf(reader: ChunkSource): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buf = new Uint8Array(65536);
    const n = reader.readSync ? reader.readSync(buf) : await reader.read(buf);
    if (n === null) return;
    yield buf.subarray(0, n);
  }
}

/** A header read off a stream, and what follows it. */
interface ReadHeader {
  split: SplitHeader;
  /** Body bytes read along with the header. */
  buffered: Uint8Array;
  /** The rest of the stream. */
  rest: AsyncIterable<Uint8Array>;
}

/** The next chunk of `input`; a failed read is qmail-inject's "read error". */
async function next(input: AsyncIterator<Uint8Array>): Promise<IteratorResult<Uint8Array>> {
  try {
    return await input.next();
  } catch (e) {
    throw new InjectError(111, "read error", { cause: e });
  }
}

/** Reads `stdin` until the header has ended (rescanning only each time the input doubles). */
async function readHeader(stdin: AsyncIterable<Uint8Array>): Promise<ReadHeader> {
  const input = stdin[Symbol.asyncIterator]();
  let buf: Uint8Array = new Uint8Array(0);
  let scanned = -1;
  for (;;) {
    const got = await next(input);
    const done = got.done === true;
    if (!done) {
      buf = concat(buf, got.value);
      if (buf.length < 2 * scanned) continue;
    }
    scanned = buf.length;
    const split = splitHeader(buf, done);
    if (split) {
      return { split, buffered: buf.subarray(split.bodyStart), rest: rest(input, done) };
    }
  }
}

async function* rest(input: AsyncIterator<Uint8Array>, done: boolean): AsyncGenerator<Uint8Array> {
  while (!done) {
    const got = await next(input);
    if (got.done) return;
    yield got.value;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Runs qmail-inject with `args` over `io`. Throws InjectError (with the exit
 * code) or ExitError (usage) on failure.
 */
export async function runInject(args: string[], io: InjectIO): Promise<void> {
  const setup = loadSetup(io);
  const options = parseInjectArgs(args);
  const injection = startInjection(options, setup);
  const { split, buffered, rest } = await readHeader(io.stdin);
  const { header, envelope } = rewriteHeader(injection, split.fields);
  const head = latin1ToBytes(header);
  async function* message(): AsyncGenerator<Uint8Array> {
    yield head;
    if (split.hasBody) yield* bodyChunks(prepend(buffered, rest));
  }
  if (options.print) {
    for await (const chunk of message()) await writeAll(io.stdout, chunk);
    return;
  }
  try {
    await io.submit({ home: io.home, message: message(), envelope });
  } catch (e) {
    if (e instanceof QueueError) {
      throw new InjectError(e.temporary ? 111 : 100, e.message, { cause: e });
    }
    throw e;
  }
}

async function* prepend(
  first: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield first;
  yield* rest;
}
