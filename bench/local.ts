/**
 * bench/local: how fast qmail-send drains a prefilled queue into one local
 * Maildir. N messages (default 5000, 1 KB each) are queued with
 * qmail-queue's writer while qmail-send is down; then `qmail-start
 * ./Maildir/` starts and its log is read until N deliveries succeeded (the
 * Maildir's new/ is counted then to confirm). Prints messages/s, from the
 * start of qmail-start and from its first delivery (start-up excluded). fsync is on, as always. Never fails on time.
 *
 * Single-user tree: everything in one process as the caller; the messages go
 * to `bench@` whose QMAILHOME/alias/.qmail-bench says `./Maildir/`.
 * Root (system tree, throwaway qmt users, removed afterwards): qmail-send
 * runs as qmails and each delivery in a warm worker under the recipient's
 * uid; skipped with the reason when not root.
 *
 * Usage: deno run -A --unstable-worker-options bench/local.ts [N] [concurrencylocal]
 * (BENCH_MODE=single or BENCH_MODE=root runs only that part)
 *
 * @module
 */

import { DENO_RUN, makeTree } from "../tests/helpers.ts";
import { enqueue } from "../lib/queue/enqueue.ts";
import { readGroups, readPasswd } from "../lib/ids/accounts.ts";
import { keep, keepDir, leftovers, queueCreateDirs, settle } from "./settle.ts";

const N = Number(Deno.args[0] ?? 5000);
const CONCURRENCY = Deno.args[1];

function count(dir: string): number {
  let n = 0;
  for (const _ of Deno.readDirSync(dir)) n++;
  return n;
}

async function prefill(
  home: string,
  n: number,
  owner?: { uid: number; gid: number },
  rcpt = "bench@example.com",
): Promise<void> {
  const body = new TextEncoder().encode(
    "From: joe@example.com\nTo: bench@example.com\nSubject: bench\n\n" +
      "x".repeat(60).concat("\n").repeat(15),
  );
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < n) {
      next++;
      await enqueue({
        queue: `${home}/queue`,
        message: body,
        envelope: { sender: "joe@example.com", recipients: [rcpt] },
        uid: Deno.uid() ?? 0,
        owner,
      });
    }
  }));
}

async function singleUser(): Promise<void> {
  const tree = keep(await makeTree("example.com"));
  const home = tree.home;
  const md = `${home}/alias/Maildir`;
  for (const d of ["cur", "new", "tmp"]) Deno.mkdirSync(`${md}/${d}`, { recursive: true });
  await settle([...queueCreateDirs(home), `${md}/tmp`], `${tree.dir}/settle`);
  Deno.writeTextFileSync(`${home}/alias/.qmail-bench`, "./Maildir/\n");
  if (CONCURRENCY) Deno.writeTextFileSync(`${home}/control/concurrencylocal`, `${CONCURRENCY}\n`);
  const t0 = performance.now();
  await prefill(home, N);
  const fillS = (performance.now() - t0) / 1000;
  const r = await drain(home, md, {});
  report("single-user tree", r, fillS);
}

interface Drained {
  got: number;
  total: number;
  steady: number;
}

function report(label: string, r: Drained, fillS: number): void {
  const conc = CONCURRENCY ?? "10 (default)";
  console.log(`${label}, ${N} messages, concurrencylocal ${conc}`);
  console.log(`  queued in ${fillS.toFixed(2)} s (${(N / fillS).toFixed(0)} msg/s)`);
  console.log(
    `  delivered ${r.got}/${N} in ${r.total.toFixed(2)} s from qmail-start: ` +
      `${(r.got / r.total).toFixed(0)} msg/s`,
  );
  console.log(
    `  from the first delivery: ${r.steady.toFixed(2)} s: ${(r.got / r.steady).toFixed(0)} msg/s`,
  );
}

/**
 * Runs qmail-start until its log shows N successful deliveries (reading the
 * log costs the bench next to nothing, where listing a Maildir of thousands
 * of files every few milliseconds took a share of the two cores), then counts
 * the Maildir to confirm.
 */
async function drain(home: string, md: string, env: Record<string, string>): Promise<Drained> {
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, "qmail-start", "./Maildir/"],
    env: { QMAILHOME: home, ...env },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const deadline = setTimeout(() => child.kill("SIGKILL"), 600_000);
  let first = 0;
  let ok = 0;
  let buf = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (/^delivery \d+: success/.test(line) && ok++ === 0) first = performance.now();
    }
    if (ok >= N) break;
  }
  const end = performance.now();
  clearTimeout(deadline);
  try {
    child.kill("SIGTERM");
  } catch {
    // already gone (deadline)
  }
  await child.status;
  const got = count(`${md}/new`);
  const total = (end - start) / 1000;
  const steady = (end - first) / 1000;
  return { got, total, steady };
}

async function sh(cmd: string, args: string[]): Promise<void> {
  const r = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!r.success) throw new Error(`${cmd}: ${new TextDecoder().decode(r.stderr)}`);
}

async function root(): Promise<void> {
  const prefix = `qmt${crypto.randomUUID().slice(0, 4)}`;
  const dir = await Deno.makeTempDir({ prefix: "qmt-bench-" });
  keepDir(dir);
  Deno.chmodSync(dir, 0o755);
  const home = `${dir}/qmail`;
  const cache = `${dir}/deno-cache`;
  Deno.mkdirSync(cache, { mode: 0o777 });
  Deno.chmodSync(cache, 0o777);
  const user = `${prefix}bench`;
  const run = (args: string[]) =>
    new Deno.Command(Deno.execPath(), { args: [...DENO_RUN, ...args], env: { QMAILHOME: home } })
      .output();
  try {
    await run(["install", "--user-prefix", prefix]);
    await run(["config-fast", "example.com"]);
    const uh = `${dir}/${user}`;
    await sh("useradd", ["--no-create-home", "--home-dir", uh, "--shell", "/bin/sh", user]);
    const pw = readPasswd().find((p) => p.name === user)!;
    const md = `${uh}/Maildir`;
    for (const d of ["cur", "new", "tmp"]) Deno.mkdirSync(`${md}/${d}`, { recursive: true });
    await sh("chown", ["-R", `${pw.uid}:${pw.gid}`, uh]);
    await settle([...queueCreateDirs(home), `${md}/tmp`], `${dir}/settle`);
    if (CONCURRENCY) Deno.writeTextFileSync(`${home}/control/concurrencylocal`, `${CONCURRENCY}\n`);
    const qmailq = readPasswd().find((p) => p.name === `${prefix}qmailq`)!;
    const qgid = readGroups().get(`${prefix}qmail`)!;
    const t0 = performance.now();
    await prefill(home, N, { uid: qmailq.uid, gid: qgid }, `${user}@example.com`);
    const fillS = (performance.now() - t0) / 1000;
    report(
      "root, system tree (qmail-send as qmails, deliveries as the recipient)",
      await drain(home, md, { DENO_DIR: cache }),
      fillS,
    );
  } finally {
    const roles = ["alias", "qmaild", "qmaill", "qmailp", "qmailq", "qmailr", "qmails"];
    for (const u of [user, ...roles.map((r) => prefix + r)]) {
      await sh("userdel", [u]).catch(() => {});
    }
    for (const g of ["qmail", "nofiles", "bench"]) {
      await sh("groupdel", [prefix + g]).catch(() => {});
    }
  }
}

const MODE = Deno.env.get("BENCH_MODE"); // "single" or "root": only that one
if (MODE !== "root") await singleUser();
if (MODE === "single") {
  // only the single-user figure
} else if (Deno.uid() === 0) await root();
else console.log("root (system tree, per-uid delivery): skipped: needs root to create users");
leftovers.dispose();
