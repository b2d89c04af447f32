/**
 * bench/local: how fast qmail-send drains a prefilled queue into one local
 * Maildir. N messages (default 5000, 1 KB each) are queued with
 * qmail-queue's writer while qmail-send is down; then `qmail-start
 * ./Maildir/` starts and the Maildir's new/ is watched until all N are
 * there. Prints messages/s, from the start of qmail-start and from its first
 * delivery (start-up excluded). fsync is on, as always. Never fails on time.
 *
 * Single-user tree: everything in one process as the caller; the messages go
 * to `bench@` whose QMAILHOME/alias/.qmail-bench says `./Maildir/`.
 * Root (system tree, throwaway qmt users): not measured yet — it needs
 * local delivery under the recipient's uid from lib/local; skipped with the
 * reason.
 *
 * Usage: deno run -A --unstable-worker-options bench/local.ts [N] [concurrencylocal]
 *
 * @module
 */

import { DENO_RUN, makeTree } from "../tests/helpers.ts";
import { enqueue } from "../lib/queue/enqueue.ts";

const N = Number(Deno.args[0] ?? 5000);
const CONCURRENCY = Deno.args[1];

function count(dir: string): number {
  let n = 0;
  for (const _ of Deno.readDirSync(dir)) n++;
  return n;
}

async function prefill(home: string, n: number): Promise<void> {
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
        envelope: { sender: "joe@example.com", recipients: ["bench@example.com"] },
        uid: Deno.uid() ?? 0,
      });
    }
  }));
}

async function singleUser(): Promise<void> {
  using tree = await makeTree("example.com");
  const home = tree.home;
  const md = `${home}/alias/Maildir`;
  for (const d of ["cur", "new", "tmp"]) Deno.mkdirSync(`${md}/${d}`, { recursive: true });
  Deno.writeTextFileSync(`${home}/alias/.qmail-bench`, "./Maildir/\n");
  if (CONCURRENCY) Deno.writeTextFileSync(`${home}/control/concurrencylocal`, `${CONCURRENCY}\n`);
  const t0 = performance.now();
  await prefill(home, N);
  const fillS = (performance.now() - t0) / 1000;
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, "qmail-start", "./Maildir/"],
    env: { QMAILHOME: home },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let first = 0;
  const deadline = Date.now() + 600_000;
  let got = 0;
  while (got < N && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    got = count(`${md}/new`);
    if (got > 0 && first === 0) first = performance.now();
  }
  const end = performance.now();
  child.kill("SIGTERM");
  await child.status;
  const total = (end - start) / 1000;
  const steady = (end - first) / 1000;
  const conc = CONCURRENCY ?? "10 (default)";
  console.log(`single-user tree, ${N} messages, concurrencylocal ${conc}`);
  console.log(`  queued in ${fillS.toFixed(2)} s (${(N / fillS).toFixed(0)} msg/s)`);
  console.log(
    `  delivered ${got}/${N} in ${total.toFixed(2)} s from qmail-start: ` +
      `${(got / total).toFixed(0)} msg/s`,
  );
  console.log(
    `  from the first delivery: ${steady.toFixed(2)} s: ${(got / steady).toFixed(0)} msg/s`,
  );
}

await singleUser();
console.log(
  "root (system tree, per-uid delivery): skipped: needs lib/local's root deliverer " +
    "(openLocalDeliverer with singleUser false)",
);
