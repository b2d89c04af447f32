/**
 * qmail-queue's queue writer (qmail-queue(8), INTERNALS §3): a file in pid/
 * gives the message its inode number, is linked to mess/N and written, then
 * the envelope goes to intd/N, and the link todo/N is the instant the message
 * is queued. Both files and the directory naming mess/N are fsynced before
 * todo/N is linked, and todo/ after it, so a crash at any moment leaves at most
 * an unlinked-to-todo leftover that qmail-send's cleanup removes, never a half
 * message in todo/.
 *
 * @module
 */

import { QueueError } from "./errors.ts";
import { type Envelope, formatEnvelope, parseEnvelope } from "./envelope.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import { queueDirOf, queuePath } from "./layout.ts";
import { date822 } from "../date/date822.ts";
import { pullTrigger } from "./trigger.ts";
import { fsyncDir } from "./dirsync.ts";

/** Who the Received line says invoked qmail-queue (qmail-queue.c's receivedfmt). */
export type Origin = "alias" | "network" | "bounce" | { uid: number };

/** A message body: bytes, or a stream of chunks read to its end. */
export type MessageSource = Uint8Array | AsyncIterable<Uint8Array>;

/** What to queue and on whose behalf. */
export interface EnqueueRequest {
  /** QMAILHOME/queue. */
  queue: string;
  /** The message, without the Received line qmail-queue adds. */
  message: MessageSource;
  /** The envelope, or a function giving it once the message has been read (fd 1 is read second). */
  envelope: Envelope | Uint8Array | (() => Promise<Uint8Array>);
  /** The uid recorded in intd (`u`) and, unless `origin` says otherwise, the Received line. */
  uid: number;
  /**
   * The "qp" recorded in intd (`p`) and the Received line: qmail-queue's pid.
   * A server queueing many messages at once in one process omits it, and the
   * message number is used, so each message's qp is its own.
   */
  pid?: number;
  origin?: Origin;
  /** When the message arrived (the Received line's date). */
  now?: Date;
  /** Give created files to this uid/gid (a root injector writes files the queue user owns). */
  owner?: { uid: number; gid: number };
}

/** qmail-queue's Received line, e.g. `Received: (qmail 123 invoked by uid 1000); 26 Sep 1995 …`. */
export function receivedLine(pid: number, origin: Origin, now: Date): string {
  const who = typeof origin === "object"
    ? `by uid ${origin.uid}`
    : { alias: "by alias", network: "from network", bounce: "for bounce" }[origin];
  return `Received: (qmail ${pid} invoked ${who}); ${date822(now)}\n`;
}

/** The SEQ of this thread's pid/ file names. */
let pidSeq = 0;
/** How far SEQ steps: threads of one process queueing (tcpserver's loops) take turns. */
let pidSeqStep = 1;

/**
 * Gives this thread SEQs `lane`, `lane + lanes`, … so that the `lanes`
 * threads of one process queueing at once never pick the same pid/ name.
 */
export function setPidSeqLane(lane: number, lanes: number): void {
  pidSeq = lane + 1 - lanes;
  pidSeqStep = lanes;
}

/**
 * Writes all of `bytes`. The queue's small file operations are synchronous:
 * they take microseconds, while an async call costs a trip through Deno's
 * blocking-thread pool; only the fsyncs, which wait for the disk, are async.
 */
function writeAll(f: Deno.FsFile, bytes: Uint8Array): void {
  while (bytes.length > 0) bytes = bytes.subarray(f.writeSync(bytes));
}

/** The envelope's bytes, read now if it is still to come (qmail-queue reads fd 1 second). */
export async function envelopeBytes(e: EnqueueRequest["envelope"]): Promise<Uint8Array> {
  try {
    if (typeof e === "function") return await e();
  } catch (err) {
    throw err instanceof QueueError ? err : new QueueError(54, err);
  }
  return e instanceof Uint8Array ? e : formatEnvelope(e);
}

/** The intd/todo contents for an envelope: `u`uid, `p`pid, `F`sender, `T`recipients, each NUL-ended. */
function intdBytes(uid: number, pid: number, env: Envelope): Uint8Array {
  let s = `u${uid}\0p${pid}\0F${env.sender}\0`;
  for (const r of env.recipients) s += `T${r}\0`;
  return latin1ToBytes(s);
}

/** What queueing produced: the message number (inode of mess/N) and its qp. */
export interface Queued {
  id: number;
  qp: number;
}

/**
 * Queues one message exactly as qmail-queue does. Throws QueueError with
 * qmail-queue's exit code.
 */
export async function enqueue(req: EnqueueRequest): Promise<Queued> {
  const { queue } = req;
  const now = req.now ?? new Date();
  const start = Math.floor(now.getTime() / 1000);
  let pidfn = "";
  let mess: Deno.FsFile | undefined;
  for (let tries = 0; tries < 9 && !mess; tries++) {
    // qmail's PID.TIME.SEQ, with SEQ counted per thread: one process may queue many at once.
    pidfn = `${queue}/pid/${Deno.pid}.${start}.${pidSeq += pidSeqStep}`;
    try {
      mess = Deno.openSync(pidfn, { write: true, createNew: true, mode: 0o644 });
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw new QueueError(whyNoPidFile(queue), e);
    }
  }
  if (!mess) throw new QueueError(63);
  let messfn = "";
  let intdfn = "";
  let madeMess = false;
  let madeIntd = false;
  const cleanup = () => {
    for (const [made, fn] of [[madeIntd, intdfn], [madeMess, messfn]] as const) {
      try {
        if (made) Deno.removeSync(fn);
      } catch {
        // qmail-send's cleanup will find it
      }
    }
  };
  try {
    const id = mess.statSync().ino;
    if (id === null) throw new QueueError(63);
    const pid = req.pid ?? id;
    messfn = queuePath(queue, "mess", id);
    intdfn = queuePath(queue, "intd", id);
    const todofn = queuePath(queue, "todo", id);
    step(64, () => Deno.linkSync(pidfn, messfn));
    step(63, () => Deno.removeSync(pidfn));
    madeMess = true;
    if (req.owner) step(64, () => Deno.chownSync(messfn, req.owner!.uid, req.owner!.gid));

    const origin = req.origin ?? { uid: req.uid };
    step(53, () => writeAll(mess!, latin1ToBytes(receivedLine(pid, origin, now))));
    await copyMessage(req.message, mess);
    const env = parseEnvelope(await envelopeBytes(req.envelope));

    const intd = step(
      65,
      () => Deno.openSync(intdfn, { write: true, createNew: true, mode: 0o644 }),
    );
    madeIntd = true;
    try {
      if (req.owner) step(65, () => Deno.chownSync(intdfn, req.owner!.uid, req.owner!.gid));
      step(53, () => writeAll(intd, intdBytes(req.uid, pid, env)));
      // mess/N, its directory entry and intd/N reach the disk together; only
      // then may todo/N name them (until it does, a crash leaves S2/S3, which
      // qmail-send's cleanup removes).
      await Promise.all([
        step(53, () => mess!.sync()),
        step(64, () => fsyncDir(queueDirOf(queue, "mess", id))),
        step(53, () => intd.sync()),
      ]);
    } finally {
      intd.close();
    }
    step(66, () => Deno.linkSync(intdfn, todofn));
    await step(66, () => fsyncDir(`${queue}/todo`));
    await pullTrigger(`${queue}/lock/trigger`);
    return { id, qp: pid };
  } catch (e) {
    cleanup();
    if (e instanceof QueueError) throw e;
    throw new QueueError(81, e);
  } finally {
    mess.close();
  }
}

/**
 * qmail-queue's exit code when pid/ cannot take a file: it chdirs to the
 * qmail home (61), then to queue (62), before creating it (63). Checked only
 * after a failure: a server queueing thousands a second skips two stats each.
 */
function whyNoPidFile(queue: string): number {
  for (const [dir, code] of [[`${queue}/..`, 61], [queue, 62]] as const) {
    try {
      Deno.statSync(dir);
    } catch {
      return code;
    }
  }
  return 63;
}

/** Runs one step; its failure becomes qmail-queue's exit code `code`. */
function step<T>(code: number, f: () => T): T {
  const fail = (e: unknown): never => {
    if (e instanceof QueueError) throw e;
    throw new QueueError(code, e);
  };
  try {
    const r = f();
    return (r instanceof Promise ? r.catch(fail) : r) as T;
  } catch (e) {
    return fail(e);
  }
}

/** Copies the message into mess/N: read errors are 54, write errors 53. */
async function copyMessage(src: MessageSource, dst: Deno.FsFile): Promise<void> {
  if (src instanceof Uint8Array) return step(53, () => writeAll(dst, src));
  const it = src[Symbol.asyncIterator]();
  for (;;) {
    let r: IteratorResult<Uint8Array>;
    try {
      r = await it.next();
    } catch (e) {
      throw new QueueError(54, e);
    }
    if (r.done) return;
    step(53, () => writeAll(dst, r.value));
  }
}
