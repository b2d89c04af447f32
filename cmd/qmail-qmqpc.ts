/**
 * qmail-qmqpc(8): qmail-queue's interface, giving the message to a QMQP
 * server of control/qmqpservers instead of the local queue (a mini-qmail's
 * qmail-queue, or any injector's QMAILQUEUE). The work is done by
 * lib/qmtp/qmqpc.ts.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { readControlText } from "../lib/control/read.ts";
import { readStdin } from "../lib/local/helpers.ts";
import { QMQPC_EXIT, qmqpPackage, qmqpServers, sendQmqp } from "../lib/qmtp/qmqpc.ts";
import { readEnvelopeFd } from "../lib/sandbox/host.ts";

/** Sends the message on stdin with the envelope on fd 1; returns qmail-qmqpc's exit code. */
export async function main(_args: string[]): Promise<number> {
  const home = qmailHome();
  let servers: string | undefined;
  try {
    servers = readControlText(`${home}/control/qmqpservers`);
  } catch {
    servers = undefined;
  }
  if (servers === undefined) {
    try {
      Deno.statSync(home);
    } catch {
      return 61; // qmail-qmqpc's chdir(auto_qmail) failed
    }
    return QMQPC_EXIT.noControl;
  }
  let message: Uint8Array;
  let envelope: Uint8Array;
  try {
    message = await readStdin();
    envelope = await readEnvelopeFd();
  } catch {
    return 54;
  }
  const pkg = qmqpPackage(message, envelope);
  if (!pkg) return QMQPC_EXIT.badEnvelope;
  return await sendQmqp(pkg, qmqpServers(servers));
}
