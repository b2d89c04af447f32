/**
 * qmail-qmtpd(8): receive mail via QMTP (cr.yp.to/proto/qmtp.html) on
 * stdin/stdout, as under tcpserver or in-process. A session is any number
 * of packages, each three netstrings: the message (its first byte says how
 * lines end: LF, or CRLF turned into LF), the sender, and a netstring of
 * recipient netstrings. Every recipient gets a response netstring, in order:
 * `K…` once the message is queued, `Z…`, or `D…`. Relay control as
 * qmail-smtpd's: recipients must be in rcpthosts/morercpthosts.cdb unless
 * RELAYCLIENT is set, whose value is then appended to each. databytes (or
 * DATABYTES) limits the message.
 *
 * Responses are sent when the server next waits for input, as
 * qmail-qmtpd.c's buffer is flushed before each read.
 *
 * @module
 */

import { Control, ControlError, RcptHosts } from "../control/mod.ts";
import { connectionFromEnv, databytesFromEnv, type SmtpEnv } from "../smtp/environ.ts";
import { receivedField } from "../smtp/received.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import { concatBytes } from "../send/bytes.ts";
import { crlfToLf } from "../sendmail/crlf.ts";
import type { ByteReader } from "../io/timed_reader.ts";
import { type ByteWriter, writeTimed } from "../smtp/writer.ts";
import { BadProtocol, netstring, NetstringInput } from "./netstring.ts";
import { queuePackage } from "./package.ts";
import { endOfSession, SESSION_SECONDS } from "./session.ts";

/** A recipient this long or longer (with RELAYCLIENT) is refused (qmail-qmtpd.c's buf[1000]). */
const ADDRESS_LIMIT = 1000;
const LF = 10;
const CR = 13;

/** Per-recipient refusals, qmail-qmtpd.c's texts. */
export const QMTP_REPLY = {
  notRcptHost: "Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
  badRecipient: "Dsorry, I can't handle that recipient (#5.1.3)",
  badSender: "Dunacceptable sender (#5.1.7)",
  tooBig: "Dsorry, that message size exceeds my databytes limit (#5.3.4)",
} as const;

/** How to run a QMTP session. */
export interface QmtpdOptions {
  home: string;
  env: SmtpEnv;
  now?: () => Date;
  log?: (line: string) => void;
}

/**
 * The message body as stored: a CRLF body (first byte CR) has each CRLF
 * turned into LF, other CRs kept (lib/sendmail/crlf.ts). Counts stored bytes
 * in `size.stored`.
 */
async function* body(
  input: NetstringInput,
  length: number,
  crlf: boolean,
  size: { stored: number },
): AsyncGenerator<Uint8Array> {
  const pieces = input.pieces(length);
  for await (const piece of crlf ? crlfToLf(pieces) : pieces) {
    size.stored += piece.length;
    yield piece;
  }
}

/** Runs one QMTP session; returns its exit code. */
export async function runQmtpd(
  src: ByteReader,
  dst: ByteWriter,
  opts: QmtpdOptions,
): Promise<number> {
  let rcptHosts: RcptHosts;
  let databytes: number;
  try {
    rcptHosts = RcptHosts.load(opts.home);
    databytes = databytesFromEnv(opts.env) ?? new Control(opts.home).get("databytes");
  } catch (e) {
    if (e instanceof ControlError) return 111;
    throw e;
  }
  const pending: Uint8Array[] = [];
  const flush = async () => {
    if (pending.length > 0) await writeTimed(dst, concatBytes(pending.splice(0)), SESSION_SECONDS);
  };
  const input = new NetstringInput(src, { timeoutSeconds: SESSION_SECONDS, beforeWait: flush });
  const conn = connectionFromEnv(opts.env);
  const relayClient = conn.relayClient;
  const now = opts.now ?? (() => new Date());
  try {
    return await endOfSession(async () => {
      for (;;) {
        const length = await input.length();
        if (length === 0) throw new BadProtocol("a QMTP message starts with LF or CR");
        const first = await input.byte();
        if (first !== LF && first !== CR) {
          throw new BadProtocol("a QMTP message starts with LF or CR");
        }
        const size = { stored: 0 };
        const tooBig = () => databytes > 0 && size.stored > databytes;
        const trace = receivedField({ ...conn, protocol: "QMTP" }, now());
        const failures: (keyof typeof QMTP_REPLY | undefined)[] = [];
        const answer = await queuePackage({
          message: (async function* () {
            yield latin1ToBytes(trace);
            // Past databytes the rest is read, not stored (qmail_fail stops qmail_put).
            for await (const piece of body(input, length - 1, first === CR, size)) {
              if (!tooBig()) yield piece;
            }
            await input.comma();
          })(),
          async envelope() {
            const senderLength = await input.length();
            let sender = "";
            let senderOk = senderLength < ADDRESS_LIMIT;
            if (senderOk) {
              const bytes = await input.bytes(senderLength);
              senderOk = !bytes.includes(0);
              sender = bytesToLatin1(bytes);
            } else await input.skip(senderLength);
            await input.comma();
            const recipients = await readRecipients(input, relayClient, rcptHosts, failures);
            if (tooBig()) return QMTP_REPLY.tooBig;
            if (!senderOk) return QMTP_REPLY.badSender;
            // No recipient taken: qmail_fail; each already has its refusal.
            if (recipients.length === 0) return QMTP_REPLY.badRecipient;
            return { sender, recipients };
          },
        }, { home: opts.home, env: opts.env, now, log: opts.log });
        for (const f of failures) pending.push(netstring(latin1ToBytes(QMTP_REPLY[f!] ?? answer)));
      }
    });
  } finally {
    rcptHosts.close();
  }
}

/**
 * Reads the recipients' netstring. Each refused recipient's reason goes
 * into `failures` (undefined for one taken), in order; returns those taken.
 */
async function readRecipients(
  input: NetstringInput,
  relayClient: string | undefined,
  rcptHosts: RcptHosts,
  failures: (keyof typeof QMTP_REPLY | undefined)[],
): Promise<string[]> {
  const taken: string[] = [];
  const outer = await input.length();
  const budget = input.budget;
  input.budget = outer;
  while (input.budget > 0) {
    const len = await input.length();
    if (len >= input.budget) throw new BadProtocol("a recipient runs past the recipient list");
    let failure: keyof typeof QMTP_REPLY | undefined;
    if (len + (relayClient?.length ?? 0) >= ADDRESS_LIMIT) {
      failure = "badRecipient";
      await input.skip(len);
    } else {
      const bytes = await input.bytes(len);
      const addr = bytesToLatin1(bytes);
      if (bytes.includes(0)) failure = "badRecipient";
      if (relayClient === undefined && !rcptHosts.allows(addr)) failure = "notRcptHost";
      if (failure === undefined) taken.push(addr + (relayClient ?? ""));
    }
    await input.comma();
    failures.push(failure);
  }
  input.budget = budget - outer;
  await input.comma();
  return taken;
}
