/**
 * bench/smtpd: messages per second accepted over SMTP, measured with
 * Postfix's smtp-source (`-s SESSIONS -m MESSAGES -l 2000`, a connection per
 * message) against `tcpserver … qmail-smtpd` (in-process sessions, every
 * message fsynced into the queue before its 250), and in the same run
 * against a real Postfix (master, smtpd, cleanup, qmgr) started from a
 * temporary configuration on a loopback port, its messages put on hold so
 * that only acceptance is measured (cleanup fsyncs each before the 250).
 * Prints both figures, their ratio, and denoqmail's peak RSS (VmHWM of its
 * one process, whose tcpserver runs an event loop per CPU unless
 * $TCPSERVER_LOOPS says otherwise). Needs root for Postfix; never fails on
 * time. Both measure on a settled file system (bench/settle.ts): the queues
 * are removed only at the end; TMPDIR chooses the file system.
 *
 * Usage: deno run -A --unstable-worker-options bench/smtpd.ts [messages] [sessions]
 *
 * @module
 */

import { smtpSource, smtpSourceLoad } from "../tests/tcpserver_fixture.ts";
import { loopCount } from "../lib/net/loops.ts";
import { leftovers } from "./settle.ts";
import { measure, measureDenoqmail, printPeer, withPostfix } from "./peer.ts";

const MESSAGES = Number(Deno.args[0] ?? 5000);
const SESSIONS = Number(Deno.args[1] ?? 20);

/** smtp-source against `at`. */
const load = (source: string, at: string) => () => smtpSourceLoad(source, at, MESSAGES, SESSIONS);

/** Postfix's smtpd, every message held by a client restriction. */
const POSTFIX_SMTPD = {
  service: "smtpd",
  mainCf:
    "smtpd_recipient_restrictions = check_client_access static:HOLD, permit_mynetworks, reject\n",
};

const source = await smtpSource();
if (!source) {
  console.log("smtp-source (postfix) is not available: nothing to measure");
  Deno.exit(0);
}
console.log(`smtp-source -s ${SESSIONS} -m ${MESSAGES} -l 2000 (a connection per message)`);
const ours = await measureDenoqmail("qmail-smtpd", (at) => load(source, at), MESSAGES);
const loops = loopCount(Deno.env.get("TCPSERVER_LOOPS"), navigator.hardwareConcurrency);
console.log(
  `denoqmail tcpserver+qmail-smtpd (event loops: ${loops}): ${ours.rate.toFixed(0)} messages/s, ` +
    `${ours.cpuMs.toFixed(2)} ms CPU a message`,
);
console.log(`denoqmail peak RSS (whole process): ${ours.rssMb.toFixed(0)} MB`);
const theirs = await withPostfix(
  POSTFIX_SMTPD,
  MESSAGES,
  (at, master) => measure(load(source, at), MESSAGES, master),
);
if (theirs !== undefined) printPeer("postfix smtpd", ours.rate, theirs);
leftovers.dispose();
