/**
 * The maildrop: how an unprivileged user hands a message to a root-installed
 * queue without setuid programs. QMAILHOME/maildrop is mode 3777: writable
 * by all like /tmp, sticky (nobody removes another's drop), setgid to the
 * qmail group (a drop, mode 640, is readable by qmail-pickup and by no other
 * user). qmail-pickup, running as the queue user, moves each finished drop
 * into the queue with qmail-queue's writer, recording the file owner's uid —
 * which only the kernel sets — as the injecting uid.
 *
 * A drop file is `t.PID.TIME.RANDOM` while written, renamed to `m.…` once
 * complete and fsynced (the directory too), so pickup never sees half a drop:
 *
 *     QMD1 <message length> <injector pid>\n   (padded with spaces to 64 bytes)
 *     <message bytes>
 *     <envelope: F sender NUL, T recipient NUL …, NUL>
 *
 * @module
 */

import { type EnqueueRequest, envelopeBytes, type MessageSource } from "./enqueue.ts";
import { fsyncDir } from "./dirsync.ts";
import { formatEnvelope, parseEnvelope } from "./envelope.ts";
import { QueueError } from "./errors.ts";
import { pullTrigger } from "./trigger.ts";

/**
 * QMAILHOME/maildrop: beside queue/, not in it, since queue/ is closed to
 * everyone but the qmail group (hier.c mode 750).
 */
export function maildropDir(home: string): string {
  return `${home}/maildrop`;
}

/** The FIFO in the maildrop that wakes qmail-pickup (pickup skips dot files). */
export const WAKE_FIFO = ".wake";

/** Bytes of the fixed-size header at the start of a drop file. */
export const DROP_HEADER_SIZE = 64;

/** The parsed header of a drop file. */
export interface DropHeader {
  messageLength: number;
  pid: number;
}

/** Formats the fixed-size header. */
export function formatDropHeader(h: DropHeader): Uint8Array {
  const text = `QMD1 ${h.messageLength} ${h.pid}`.padEnd(DROP_HEADER_SIZE - 1, " ") + "\n";
  return new TextEncoder().encode(text);
}

/** Parses the fixed-size header; undefined when it is not one. */
export function parseDropHeader(bytes: Uint8Array): DropHeader | undefined {
  if (bytes.length < DROP_HEADER_SIZE || bytes[DROP_HEADER_SIZE - 1] !== 0x0a) return undefined;
  const text = new TextDecoder().decode(bytes.subarray(0, DROP_HEADER_SIZE - 1));
  const m = /^QMD1 (\d+) (\d+) *$/.exec(text);
  return m ? { messageLength: Number(m[1]), pid: Number(m[2]) } : undefined;
}

async function writeAll(f: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  while (bytes.length > 0) bytes = bytes.subarray(await f.write(bytes));
}

/** What a drop needs. */
export interface DropRequest {
  /** QMAILHOME. */
  home: string;
  message: MessageSource;
  envelope: EnqueueRequest["envelope"];
  /** The qp to record; omitted, the drop file's inode number (unique while it exists). */
  pid?: number;
}

/** Writes a message into the maildrop and wakes qmail-pickup; returns the qp. Throws QueueError. */
export async function dropMessage(req: DropRequest): Promise<number> {
  const dir = maildropDir(req.home);
  const name = `${Deno.pid}.${Math.floor(Date.now() / 1000)}.${crypto.randomUUID()}`;
  const tmp = `${dir}/t.${name}`;
  let f: Deno.FsFile;
  try {
    f = await Deno.open(tmp, { write: true, createNew: true, mode: 0o640 });
    await Deno.chmod(tmp, 0o640); // whatever the umask: qmail-pickup reads it through its group
  } catch (e) {
    throw new QueueError(63, e);
  }
  let qp = req.pid ?? 0;
  try {
    let length = 0;
    qp = req.pid ?? (await f.stat()).ino ?? Deno.pid;
    try {
      await writeAll(f, new Uint8Array(DROP_HEADER_SIZE));
      if (req.message instanceof Uint8Array) {
        await writeAll(f, req.message);
        length = req.message.length;
      } else {
        for await (const chunk of req.message) {
          await writeAll(f, chunk);
          length += chunk.length;
        }
      }
      // Checked here, so the injector hears qmail-queue's 91/11 and pickup never does.
      const envelope = parseEnvelope(await envelopeBytes(req.envelope));
      await writeAll(f, formatEnvelope(envelope));
      await f.seek(0, Deno.SeekMode.Start);
      await writeAll(f, formatDropHeader({ messageLength: length, pid: qp }));
      await f.sync();
    } finally {
      f.close();
    }
    await Deno.rename(tmp, `${dir}/m.${name}`);
    await fsyncDir(dir);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e instanceof QueueError ? e : new QueueError(53, e);
  }
  await pullTrigger(`${dir}/${WAKE_FIFO}`);
  return qp;
}
