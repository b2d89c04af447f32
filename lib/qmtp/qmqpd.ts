/**
 * qmail-qmqpd(8): receive one message via QMQP (cr.yp.to/proto/qmqp.html)
 * on stdin/stdout, as under tcpserver or in-process. The package is one
 * netstring holding the message's netstring, the sender's and each
 * recipient's; the answer is one netstring, `K…`, `Z…` or `D…`. QMQP is
 * for trusted clients (tcprules decides who connects): no rcpthosts check.
 *
 * Exit codes as qmail-qmqpd.c's: 0 after answering or when the client goes
 * away, 100 for a malformed package, 111 for a length running on past
 * 200,000,000 or a read or write waiting over an hour.
 *
 * @module
 */

import { connectionFromEnv, type SmtpEnv } from "../smtp/environ.ts";
import { receivedField } from "../smtp/received.ts";
import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import type { ByteReader } from "../io/timed_reader.ts";
import { type ByteWriter, writeTimed } from "../smtp/writer.ts";
import { netstring, NetstringInput } from "./netstring.ts";
import { queuePackage } from "./package.ts";
import { endOfSession, SESSION_SECONDS } from "./session.ts";

/** Addresses as long as this or longer are refused (qmail-qmqpd.c's buf[1000]). */
const ADDRESS_LIMIT = 1000;

/** qmail-qmqpd's answer when the sender or a recipient could not be taken. */
export const BAD_ADDRESSES = "Dsorry, I can't accept addresses like that (#5.1.3)";

/** How to run a QMQP session. */
export interface QmqpdOptions {
  home: string;
  env: SmtpEnv;
  now?: () => Date;
  log?: (line: string) => void;
}

/**
 * An address netstring: its text, or undefined when qmail-qmqpd refuses it
 * (1000 bytes or more, or a NUL inside); the bytes are read either way.
 */
async function address(input: NetstringInput): Promise<string | undefined> {
  const len = await input.length();
  if (len >= ADDRESS_LIMIT) {
    await input.skip(len);
    await input.comma();
    return undefined;
  }
  const bytes = await input.bytes(len);
  await input.comma();
  return bytes.includes(0) ? undefined : bytesToLatin1(bytes);
}

/** Runs one QMQP session; returns its exit code. */
export async function runQmqpd(
  src: ByteReader,
  dst: ByteWriter,
  opts: QmqpdOptions,
): Promise<number> {
  const input = new NetstringInput(src, { timeoutSeconds: SESSION_SECONDS });
  return await endOfSession(async () => {
    input.budget = 100; // the outer length's digits
    input.budget = await input.length();
    const messageLength = await input.length();
    const now = opts.now ?? (() => new Date());
    const trace = receivedField({ ...connectionFromEnv(opts.env), protocol: "QMQP" }, now());
    const answer = await queuePackage({
      message: (async function* () {
        yield latin1ToBytes(trace);
        yield* input.pieces(messageLength);
        await input.comma();
      })(),
      async envelope() {
        let ok = true;
        const sender = await address(input);
        if (sender === undefined) ok = false;
        const recipients: string[] = [];
        while (input.budget > 0) {
          const r = await address(input);
          if (r === undefined) ok = false;
          else recipients.push(r);
        }
        input.budget = 1;
        await input.comma();
        return ok ? { sender: sender!, recipients } : BAD_ADDRESSES;
      },
    }, { home: opts.home, env: opts.env, now, log: opts.log });
    await writeTimed(dst, netstring(latin1ToBytes(answer)), SESSION_SECONDS);
    return 0;
  });
}
