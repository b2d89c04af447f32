/**
 * rblsmtpd's limited SMTP conversation with a blocked client: a `220
 * rblsmtpd.local` greeting, `250 rblsmtpd.local` to HELO, EHLO, MAIL, RSET
 * and NOOP, `221 rblsmtpd.local` to QUIT (then it hangs up), and the blocking
 * reply (451 or 553) to everything else — RCPT, DATA, VRFY, … — so no message
 * gets through. The whole conversation is dropped after the timeout.
 *
 * @module
 */

import type { ByteReader } from "../smtp/reader.ts";
import type { ByteWriter } from "../smtp/writer.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

/** The answer to one command line. */
export interface RblReply {
  reply: string;
  quit: boolean;
}

const OK = "250 rblsmtpd.local";
const ACCEPTED = new Set(["helo", "ehlo", "mail", "rset", "noop"]);

/**
 * The reply to a command line (without its LF; a trailing CR is ignored).
 * The verb is the text before the first space, in any case.
 *
 * @example
 * ```ts
 * rblReply("RCPT TO:<a@b>", "451 listed"); // { reply: "451 listed", quit: false }
 * ```
 */
export function rblReply(line: string, blockReply: string): RblReply {
  if (line.endsWith("\r")) line = line.slice(0, -1);
  const sp = line.indexOf(" ");
  const verb = (sp < 0 ? line : line.slice(0, sp)).toLowerCase();
  if (verb === "quit") return { reply: "221 rblsmtpd.local", quit: true };
  return { reply: ACCEPTED.has(verb) ? OK : blockReply, quit: false };
}

/**
 * Holds the conversation on a connection until QUIT, end of input, or
 * `timeoutSeconds` in all (then it just hangs up). With a timeout of 0 the
 * blocking reply is written once, with no greeting.
 */
export async function rblDialog(
  input: ByteReader,
  output: ByteWriter,
  blockReply: string,
  timeoutSeconds: number,
): Promise<void> {
  const write = (line: string) => writeAll(output, line + "\r\n");
  if (timeoutSeconds === 0) {
    await write(blockReply).catch(() => {});
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.min(timeoutSeconds * 1000, 2 ** 31 - 1));
  });
  try {
    await Promise.race([converse(input, write, blockReply), expired]);
  } catch {
    // The client went away: nothing more to say.
  } finally {
    clearTimeout(timer);
  }
}

async function converse(
  input: ByteReader,
  write: (line: string) => Promise<void>,
  blockReply: string,
): Promise<void> {
  await write("220 rblsmtpd.local");
  const buf = new Uint8Array(4096);
  let pending = "";
  for (;;) {
    const n = await input.read(buf);
    if (n === null) return;
    pending += bytesToLatin1(buf.subarray(0, n));
    for (let lf = pending.indexOf("\n"); lf >= 0; lf = pending.indexOf("\n")) {
      const { reply, quit } = rblReply(pending.slice(0, lf), blockReply);
      pending = pending.slice(lf + 1);
      await write(reply);
      if (quit) return;
    }
    // A line without end is kept only up to a bound, so a client cannot fill memory.
    if (pending.length > 65536) pending = pending.slice(0, 1024);
  }
}

async function writeAll(output: ByteWriter, text: string): Promise<void> {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(await output.write(bytes));
}
