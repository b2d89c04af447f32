/**
 * qmail-qmqpc(8): qmail-queue's interface (message on descriptor 0, envelope
 * on descriptor 1, the exit code is the answer), but the message goes to the
 * first QMQP server of control/qmqpservers that takes a connection, on port
 * 628 — a mini-qmail's qmail-queue. Exit codes are qmail-qmqpc.c's, which
 * qmail.c turns into texts: 0 queued, 31 rejected for good, 71 rejected for
 * now, 72/73 no server reachable (timeout/refused), 74 the connection broke,
 * 55 no qmqpservers, 91 a malformed envelope.
 *
 * @module
 */

import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import { withDeadline } from "../io/deadline.ts";
import { netstring } from "./netstring.ts";
import { concatBytes } from "../send/bytes.ts";
import { QMQP_PORT } from "./grants.ts";

export { QMQP_PORT, qmqpServers } from "./grants.ts";
const CONNECT_SECONDS = 10;
const IO_SECONDS = 60;

/** qmail-qmqpc's exit codes. */
export const QMQPC_EXIT = {
  ok: 0,
  rejected: 31,
  noControl: 55,
  temporary: 71,
  connectTimeout: 72,
  connectRefused: 73,
  connectionBroke: 74,
  badEnvelope: 91,
} as const;

/**
 * The QMQP package for a message and a qmail-queue envelope, or undefined
 * when the envelope is malformed (qmail-qmqpc's die_format): `F` sender,
 * `T` recipients, each NUL-ended, then a lone NUL.
 */
export function qmqpPackage(message: Uint8Array, envelope: Uint8Array): Uint8Array | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const nul = envelope.indexOf(0, i);
    if (nul < 0) return undefined;
    const field = bytesToLatin1(envelope.subarray(i, nul));
    i = nul + 1;
    if (fields.length > 0 && field === "") break;
    if (field === "" || field[0] !== (fields.length === 0 ? "F" : "T")) return undefined;
    fields.push(field.slice(1));
  }
  const parts = [netstring(message), ...fields.map((f) => netstring(latin1ToBytes(f)))];
  return netstring(concatBytes(parts));
}

/** How to reach a server: Deno.connect, or a stand-in in tests. */
export type Connect = (ip: string, port: number) => Promise<Deno.Conn>;

/**
 * Offers `pkg` to each server in turn until one takes a connection; returns
 * qmail-qmqpc's exit code from that server's answer (its first K, Z or D).
 */
export async function sendQmqp(
  pkg: Uint8Array,
  servers: string[],
  connect: Connect = (hostname, port) => Deno.connect({ hostname, port }),
  port = QMQP_PORT,
): Promise<number> {
  let last: number = QMQPC_EXIT.noControl;
  for (const ip of servers) {
    let conn: Deno.Conn;
    try {
      conn = await withDeadline(
        connect(ip, port),
        CONNECT_SECONDS * 1000,
        () => new TimeoutError(),
      );
    } catch (e) {
      last = e instanceof TimeoutError ? QMQPC_EXIT.connectTimeout : QMQPC_EXIT.connectRefused;
      continue;
    }
    try {
      return await exchange(conn, pkg);
    } finally {
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  }
  return last;
}

class TimeoutError extends Error {}

/** Writes the package and reads the answer's first K, Z or D. */
async function exchange(conn: Deno.Conn, pkg: Uint8Array): Promise<number> {
  const within = <T>(op: Promise<T>) =>
    withDeadline(op, IO_SECONDS * 1000, () => new TimeoutError());
  try {
    for (let rest = pkg; rest.length > 0;) rest = rest.subarray(await within(conn.write(rest)));
    const buf = new Uint8Array(256);
    for (;;) {
      const n = await within(conn.read(buf));
      if (n === null) return QMQPC_EXIT.connectionBroke;
      for (const ch of buf.subarray(0, n)) {
        if (ch === 0x4b) return QMQPC_EXIT.ok; // K
        if (ch === 0x5a) return QMQPC_EXIT.temporary; // Z
        if (ch === 0x44) return QMQPC_EXIT.rejected; // D
      }
    }
  } catch {
    return QMQPC_EXIT.connectionBroke;
  }
}
