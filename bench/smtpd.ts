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

import { makeTree } from "../tests/helpers.ts";
import { smtpSource, smtpSourceLoad, startTcpServer } from "../tests/tcpserver_fixture.ts";
import { loopCount } from "../lib/net/loops.ts";
import { keep, leftovers, queueCreateDirs, settle } from "./settle.ts";
import { count, measure, withPostfix } from "./peer.ts";

const MESSAGES = Number(Deno.args[0] ?? 5000);
const SESSIONS = Number(Deno.args[1] ?? 20);

/** smtp-source against `at`. */
const load = (source: string, at: string) => () => smtpSourceLoad(source, at, MESSAGES, SESSIONS);

async function denoqmail(
  source: string,
): Promise<{ rate: number; cpuMs: number; rssMb: number }> {
  const tree = keep(await makeTree("test.example"));
  await settle(queueCreateDirs(tree.home), `${tree.dir}/settle`);
  const server = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "-c", "40", "127.0.0.1", "0", "qmail-smtpd"],
    { home: tree.home },
  );
  try {
    const at = `127.0.0.1:${server.port}`;
    const { rate, cpuMs } = await measure(load(source, at), MESSAGES, server.pid);
    const status = Deno.readTextFileSync(`/proc/${server.pid}/status`);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const queued = count(`${tree.home}/queue/todo`);
    if (queued !== MESSAGES) console.log(`denoqmail: ${queued} of ${MESSAGES} queued!`);
    return { rate, cpuMs, rssMb: hwm / 1024 };
  } finally {
    await server.stop();
  }
}

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
const ours = await denoqmail(source);
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
if (theirs !== undefined) {
  console.log(
    `postfix smtpd (messages held): ${theirs.rate.toFixed(0)} messages/s, ` +
      `${theirs.cpuMs.toFixed(2)} ms CPU a message (all its processes)`,
  );
  console.log(`ratio denoqmail/postfix: ${(ours.rate / theirs.rate).toFixed(2)}`);
}
leftovers.dispose();
