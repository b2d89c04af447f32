/**
 * What the receiving benches share: CPU time of a process tree from /proc,
 * timing a load generator, and a real Postfix started from a temporary
 * configuration on a loopback port as the peer (its messages put on hold,
 * so only acceptance is measured; cleanup fsyncs each before answering).
 * Postfix needs root; without it the peer is skipped.
 *
 * @module
 */

import { freePort, makeTree } from "../tests/helpers.ts";
import { run, startTcpServer } from "../tests/tcpserver_fixture.ts";
import { keep, keepDir, queueCreateDirs, settle } from "./settle.ts";

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

/** A load generator's run: its exit code and output. */
export type Load = () => Promise<{ code: number; stdout: string; stderr: string }>;

/** Runs `load` (`messages` messages); returns messages per second and the CPU ms a message of `pid`'s tree. */
export async function measure(load: Load, messages: number, pid: number) {
  const cpu0 = treeCpuSeconds(pid);
  const t0 = performance.now();
  const r = await load();
  const seconds = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`load generator failed: ${r.stdout}${r.stderr}`);
  return { rate: messages / seconds, cpuMs: (treeCpuSeconds(pid) - cpu0) * 1000 / messages };
}

/** The files under `dir`, recursively. */
export function count(dir: string): number {
  let n = 0;
  for (const e of Deno.readDirSync(dir)) {
    n += e.isDirectory ? count(`${dir}/${e.name}`) : 1;
  }
  return n;
}

/**
 * Runs `load` against `tcpserver … program` serving a fresh tree, once its
 * file system has settled; returns messages per second, CPU ms a message and
 * the process's peak RSS, and says so if the queue did not get `messages`.
 */
export async function measureDenoqmail(
  program: string,
  load: (at: string) => Load,
  messages: number,
): Promise<{ rate: number; cpuMs: number; rssMb: number }> {
  const tree = keep(await makeTree("test.example"));
  await settle(queueCreateDirs(tree.home), `${tree.dir}/settle`);
  const server = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "-c", "40", "127.0.0.1", "0", program],
    { home: tree.home },
  );
  try {
    const { rate, cpuMs } = await measure(load(`127.0.0.1:${server.port}`), messages, server.pid);
    const status = Deno.readTextFileSync(`/proc/${server.pid}/status`);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const queued = count(`${tree.home}/queue/todo`);
    if (queued !== messages) console.log(`denoqmail: ${queued} of ${messages} queued!`);
    return { rate, cpuMs, rssMb: hwm / 1024 };
  } finally {
    await server.stop();
  }
}

/** Prints the peer's figures and the ratio of `ours` to them. */
export function printPeer(name: string, ours: number, theirs: { rate: number; cpuMs: number }) {
  console.log(
    `${name} (messages held): ${theirs.rate.toFixed(0)} messages/s, ` +
      `${theirs.cpuMs.toFixed(2)} ms CPU a message (all its processes)`,
  );
  console.log(`ratio denoqmail/postfix: ${(ours / theirs.rate).toFixed(2)}`);
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
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
smtputf8_enable = no
biff = no
`;

const MASTER_CF = (listener: string) =>
  `${listener}
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

/** How the peer listens and holds what it accepts. */
export interface PostfixService {
  /** The master.cf service on the port (`smtpd`, `qmqpd`). */
  service: string;
  /** Lines added to main.cf (the hold, the service's own settings). */
  mainCf: string;
}

/**
 * Starts Postfix with `svc` on a loopback port, lets `measureAt` load it
 * once the file system has settled, checks that `messages` were held, and
 * stops it. Undefined when not root or when it cannot start.
 */
export async function withPostfix<T>(
  svc: PostfixService,
  messages: number,
  measureAt: (at: string, masterPid: number) => Promise<T>,
): Promise<T | undefined> {
  if (Deno.uid() !== 0) return void console.log("postfix: skipped (needs root)");
  const dir = await Deno.makeTempDir({ prefix: "qmt-postfix-" });
  keepDir(dir);
  Deno.chmodSync(dir, 0o755); // the postfix user works in here
  Deno.mkdirSync(`${dir}/spool`);
  Deno.mkdirSync(`${dir}/data`);
  const ids = await run("id", ["-u", "postfix"]);
  Deno.chownSync(`${dir}/data`, Number(ids.stdout.trim()), null);
  const port = freePort();
  Deno.writeTextFileSync(`${dir}/main.cf`, MAIN_CF(dir) + svc.mainCf);
  Deno.writeTextFileSync(
    `${dir}/master.cf`,
    MASTER_CF(`127.0.0.1:${port} inet n - n - - ${svc.service}`),
  );
  const started = await postfix(dir, "start");
  if (!/starting the Postfix mail system/.test(started.stdout)) {
    console.log(`postfix: could not start: ${started.stdout}`);
    return undefined;
  }
  try {
    await settle([`${dir}/spool/incoming`], `${dir}/settle`); // cleanup creates its files there
    await new Promise((r) => setTimeout(r, 1000));
    const master = Number(Deno.readTextFileSync(`${dir}/spool/pid/master.pid`).trim());
    const measured = await measureAt(`127.0.0.1:${port}`, master);
    const held = count(`${dir}/spool/hold`);
    if (held !== messages) console.log(`postfix: ${held} of ${messages} held`);
    return measured;
  } finally {
    await postfix(dir, "stop");
  }
}
