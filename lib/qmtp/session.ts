/**
 * How a QMTP or QMQP session ends, as qmail-qmtpd.c and qmail-qmqpd.c end:
 * 0 when the client goes away (their saferead/safewrite `_exit(0)`), 100 for
 * a malformed package (badproto), 111 when resources run out — a length
 * running on past 200,000,000, or time: qmail gives the whole session an hour
 * (`alarm(3600)`); here each read and each write may wait an hour.
 *
 * @module
 */

import { ConnectionClosed, ReadTimeout } from "../io/timed_reader.ts";
import { WriteFailed } from "../smtp/writer.ts";
import { BadProtocol, OutOfResources } from "./netstring.ts";

/** How long a read or a write may wait, in seconds. */
export const SESSION_SECONDS = 3600;

/** Runs a session, turning how it failed into qmail's exit code. */
export async function endOfSession(session: () => Promise<number>): Promise<number> {
  try {
    return await session();
  } catch (e) {
    if (e instanceof ConnectionClosed || e instanceof WriteFailed) return 0;
    if (e instanceof BadProtocol) return 100;
    if (e instanceof OutOfResources || e instanceof ReadTimeout) return 111;
    throw e;
  }
}
