/**
 * bench/qmqpd: messages per second accepted over QMQP, measured with
 * Postfix's qmqp-source (`-s SESSIONS -m MESSAGES -l 2000`, a connection
 * per message) against `tcpserver … qmail-qmqpd` (in-process sessions, each
 * message fsynced into the queue before its answer), and in the same run
 * against Postfix's own QMQP server (qmqpd, messages held by header_checks).
 * Prints both figures, their ratio, CPU a message and denoqmail's peak RSS.
 * Needs root for Postfix; never fails on time.
 *
 * Usage: deno run -A --unstable-worker-options --unstable-net bench/qmqpd.ts [messages] [sessions]
 *
 * @module
 */

import { which } from "../tests/helpers.ts";
import { run, smtpSource } from "../tests/tcpserver_fixture.ts";
import { leftovers } from "./settle.ts";
import { measure, measureDenoqmail, printPeer, withPostfix } from "./peer.ts";

const MESSAGES = Number(Deno.args[0] ?? 5000);
const SESSIONS = Number(Deno.args[1] ?? 20);

/** qmqp-source against `at`. */
const load = (source: string, at: string) => () =>
  run(source, [
    "-s",
    String(SESSIONS),
    "-m",
    String(MESSAGES),
    "-l",
    "2000",
    "-f",
    "load@client.example",
    "-t",
    "far@away.example",
    at,
  ]); // deno-fmt-ignore

/** Postfix's qmqpd for loopback clients, every message held by cleanup's header_checks. */
const POSTFIX_QMQPD = {
  service: "qmqpd",
  mainCf: "qmqpd_authorized_clients = 127.0.0.1\nheader_checks = static:HOLD\n",
};

if (!await smtpSource()) {
  console.log("postfix is not available: nothing to measure");
  Deno.exit(0);
}
const source = await which("qmqp-source");
if (!source) {
  console.log("qmqp-source is not available: nothing to measure");
  Deno.exit(0);
}
console.log(`qmqp-source -s ${SESSIONS} -m ${MESSAGES} -l 2000 (a connection per message)`);
const ours = await measureDenoqmail("qmail-qmqpd", (at) => load(source, at), MESSAGES);
console.log(
  `denoqmail tcpserver+qmail-qmqpd: ${ours.rate.toFixed(0)} messages/s, ` +
    `${ours.cpuMs.toFixed(2)} ms CPU a message; peak RSS ${ours.rssMb.toFixed(0)} MB`,
);
const theirs = await withPostfix(
  POSTFIX_QMQPD,
  MESSAGES,
  (at, master) => measure(load(source, at), MESSAGES, master),
);
if (theirs !== undefined) printPeer("postfix qmqpd", ours.rate, theirs);
leftovers.dispose();
