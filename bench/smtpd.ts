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

import { freePort, makeTree } from "../tests/helpers.ts";
import { run, smtpSource, smtpSourceLoad, startTcpServer } from "../tests/tcpserver_fixture.ts";
import { loopCount } from "../lib/net/loops.ts";
import { keep, keepDir, leftovers, queueCreateDirs, settle } from "./settle.ts";

const MESSAGES = Number(Deno.args[0] ?? 5000);
const SESSIONS = Number(Deno.args[1] ?? 20);

/** Runs smtp-source against `at`; returns messages per second. */
async function load(source: string, at: string): Promise<number> {
  const t0 = performance.now();
  const r = await smtpSourceLoad(source, at, MESSAGES, SESSIONS);
  const seconds = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`smtp-source failed: ${r.stdout}${r.stderr}`);
  return MESSAGES / seconds;
}

/** USER_HZ: Linux reports CPU times in /proc in hundredths of a second. */
const TICKS_PER_SECOND = 100;

/** Fields 3 on of /proc/PID/stat (after the command name), or undefined once it has exited. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by `pid` and every live process below it, plus
 * what its reaped children used (Postfix's master forks smtpd, cleanup …).
 */
function treeCpuSeconds(pid: number): number {
  const children = new Map<number, number[]>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const ppid = Number(statFields(Number(e.name))?.[1]);
    children.set(ppid, [...children.get(ppid) ?? [], Number(e.name)]);
  }
  let ticks = 0;
  const walk = (p: number, top: boolean) => {
    const f = statFields(p);
    if (!f) return;
    // utime, stime (fields 14, 15); cutime, cstime (16, 17) for the top process.
    ticks += Number(f[11]) + Number(f[12]) + (top ? Number(f[13]) + Number(f[14]) : 0);
    for (const c of children.get(p) ?? []) walk(c, false);
  };
  walk(pid, true);
  return ticks / TICKS_PER_SECOND;
}

/** Runs smtp-source against `at`; returns messages per second and the CPU ms a message of `pid`'s tree. */
async function measure(source: string, at: string, pid: number) {
  const cpu0 = treeCpuSeconds(pid);
  const rate = await load(source, at);
  return { rate, cpuMs: (treeCpuSeconds(pid) - cpu0) * 1000 / MESSAGES };
}

function count(dir: string): number {
  let n = 0;
  for (const e of Deno.readDirSync(dir)) {
    n += e.isDirectory ? count(`${dir}/${e.name}`) : 1;
  }
  return n;
}

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
    const { rate, cpuMs } = await measure(source, `127.0.0.1:${server.port}`, server.pid);
    const status = Deno.readTextFileSync(`/proc/${server.pid}/status`);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const queued = count(`${tree.home}/queue/todo`);
    if (queued !== MESSAGES) console.log(`denoqmail: ${queued} of ${MESSAGES} queued!`);
    return { rate, cpuMs, rssMb: hwm / 1024 };
  } finally {
    await server.stop();
  }
}

const MAIN_CF = (dir: string) =>
  `compatibility_level = 3.6
queue_directory = ${dir}/spool
data_directory = ${dir}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = bench.example
mydestination = test.example
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
smtpd_recipient_restrictions = check_client_access static:HOLD, permit_mynetworks, reject
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
smtputf8_enable = no
biff = no
`;

const MASTER_CF = (port: number) =>
  `127.0.0.1:${port} inet n - n - - smtpd
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
anvil unix - - n - 1 anvil
postlog unix-dgram n - n - 1 postlogd
`;

/** postfix -c DIR COMMAND (through `script`: postfix reports on stderr only to a terminal). */
async function postfix(dir: string, command: string) {
  return await run("script", ["-qc", `postfix -c ${dir} ${command}`, "/dev/null"]);
}

async function postfixRate(source: string): Promise<{ rate: number; cpuMs: number } | undefined> {
  if (Deno.uid() !== 0) return void console.log("postfix: skipped (needs root)");
  const dir = await Deno.makeTempDir({ prefix: "qmt-postfix-" });
  keepDir(dir);
  Deno.chmodSync(dir, 0o755); // the postfix user works in here
  Deno.mkdirSync(`${dir}/spool`);
  Deno.mkdirSync(`${dir}/data`);
  const ids = await run("id", ["-u", "postfix"]);
  Deno.chownSync(`${dir}/data`, Number(ids.stdout.trim()), null);
  const port = freePort();
  Deno.writeTextFileSync(`${dir}/main.cf`, MAIN_CF(dir));
  Deno.writeTextFileSync(`${dir}/master.cf`, MASTER_CF(port));
  const started = await postfix(dir, "start");
  if (!/starting the Postfix mail system/.test(started.stdout)) {
    console.log(`postfix: could not start: ${started.stdout}`);
    return undefined;
  }
  try {
    await settle([`${dir}/spool/incoming`], `${dir}/settle`); // cleanup creates its files there
    await new Promise((r) => setTimeout(r, 1000));
    const master = Number(Deno.readTextFileSync(`${dir}/spool/pid/master.pid`).trim());
    const measured = await measure(source, `127.0.0.1:${port}`, master);
    const held = count(`${dir}/spool/hold`);
    if (held !== MESSAGES) console.log(`postfix: ${held} of ${MESSAGES} held`);
    return measured;
  } finally {
    await postfix(dir, "stop");
  }
}

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
const theirs = await postfixRate(source);
if (theirs !== undefined) {
  console.log(
    `postfix smtpd (messages held): ${theirs.rate.toFixed(0)} messages/s, ` +
      `${theirs.cpuMs.toFixed(2)} ms CPU a message (all its processes)`,
  );
  console.log(`ratio denoqmail/postfix: ${(ours.rate / theirs.rate).toFixed(2)}`);
}
leftovers.dispose();
