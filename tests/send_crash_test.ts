/**
 * Crash safety of delivery: qmail-start (qmail-send with in-process local
 * delivery) is killed with SIGKILL at random moments while a prefilled queue
 * drains into a Maildir, then restarted; in the end every message has been
 * delivered at least once and the queue is empty. Duplicates (a delivery
 * finished but not yet marked done when the kill came) are counted and
 * printed, not failed on.
 */

import assert from "node:assert/strict";
import { MailSystem } from "./send_harness.ts";
import { enqueue } from "../lib/queue/enqueue.ts";

const N = 300;
const KILLS = 8;

function delivered(dir: string): Map<number, number> {
  const seen = new Map<number, number>();
  for (const e of Deno.readDirSync(`${dir}/new`)) {
    const m = /Subject: crash-(\d+)\n/.exec(Deno.readTextFileSync(`${dir}/new/${e.name}`));
    if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
  }
  return seen;
}

function queueFilesLeft(home: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of Deno.readDirSync(`${home}/queue/${rel}`)) {
      if (e.isDirectory) walk(`${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`);
    }
  };
  for (const d of ["mess", "info", "local", "remote", "todo", "intd", "bounce"]) walk(d);
  return out;
}

Deno.test("SIGKILL at random moments loses no message; duplicates are counted", async () => {
  await using sys = await MailSystem.create(["bob"]);
  const md = `${sys.userHome("bob")}/Maildir`;
  for (let i = 0; i < N; i++) {
    await enqueue({
      queue: `${sys.home}/queue`,
      message: new TextEncoder().encode(`Subject: crash-${i}\n\nbody ${i}\n`),
      envelope: { sender: "joe@example.com", recipients: ["bob@example.com"] },
      uid: Deno.uid() ?? 0,
    });
  }
  let kills = 0;
  for (let round = 0; round < KILLS && delivered(md).size < N; round++) {
    sys.start();
    await sys.waitLog(/^status: local 0\/10/);
    await new Promise((r) => setTimeout(r, 30 + Math.floor(Math.random() * 400)));
    sys.kill("SIGKILL");
    await sys.stop().catch(() => {});
    sys.log.length = 0;
    kills++;
  }
  sys.start();
  await sys.waitLog(/^status: local 0\/10/);
  const until = Date.now() + 60_000;
  while (delivered(md).size < N && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // let the last deliveries be marked and the messages finished
  const unfinished = () => queueFilesLeft(sys.home).filter((f) => !/^(mess|intd)\//.test(f));
  const settle = Date.now() + 20_000;
  while (unfinished().length > 0 && Date.now() < settle) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await sys.stop(), 0);
  const seen = delivered(md);
  const missing = [...Array(N).keys()].filter((i) => !seen.has(i));
  assert.deepEqual(missing, [], "every message delivered at least once");
  const dups = [...seen.values()].reduce((a, n) => a + n - 1, 0);
  assert.deepEqual(unfinished(), []);
  // A kill between "end msg" and qmail-clean leaves mess/N (and intd/N) without
  // info/N: the 36-hour sweep removes them. Age them and let a new qmail-send sweep.
  const leftovers = queueFilesLeft(sys.home);
  console.log(
    `crash test: ${N} messages, ${kills} SIGKILLs, ${dups} duplicate deliveries, ` +
      `${leftovers.length} leftovers for the 36-hour sweep`,
  );
  const old = new Date(Date.now() - 37 * 3600 * 1000);
  for (const f of leftovers) Deno.utimeSync(`${sys.home}/queue/${f}`, old, old);
  sys.log.length = 0; // else the last run's status line "answers" at once and TERM comes too early
  sys.start();
  await sys.waitLog(/^status: local 0\/10/);
  const swept = Date.now() + 20_000;
  while (queueFilesLeft(sys.home).length > 0 && Date.now() < swept) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await sys.stop(), 0);
  assert.deepEqual(queueFilesLeft(sys.home), []);
});
