/**
 * bench/remote: how fast the remote queue drains. N messages to one remote
 * domain are put in the queue of a fresh single-user tree (qmail-queue's
 * writer, in this process), then qmail-start runs with dnsmasq as the
 * resolver and Postfix's smtp-sink as the domain's MX on a loopback address;
 * the figure is messages/s from qmail-start's start until the last
 * `delivery N: success`, with concurrencyremote at its default (20) and at
 * 100. Prints figures; never fails on time.
 *
 * Usage: deno run -A --unstable-worker-options bench/remote.ts [N]   (default 5000)
 *
 * @module
 */

import { enqueue } from "../lib/queue/enqueue.ts";
import { DENO_RUN, makeTree } from "../tests/helpers.ts";
import { randomPort, startDnsmasq, startSmtpSink } from "../tests/remote_helpers.ts";
import { keep, leftovers, queueCreateDirs, settle } from "./settle.ts";

const N = Number(Deno.args[0] ?? 5000);

/**
 * The remote side of both runs: dnsmasq answering bench.test's MX with
 * 127.0.0.2, and an smtp-sink there; undefined peers when they cannot run.
 */
async function startPeers(dir: string) {
  const dns = await startDnsmasq([
    "--local=/test/",
    "--local-ttl=300",
    "--mx-host=bench.test,mx.bench.test,10",
    "--address=/mx.bench.test/127.0.0.2",
  ], dir);
  const port = randomPort();
  const sink = await startSmtpSink("127.0.0.2", port);
  return {
    dns,
    sink,
    port,
    async [Symbol.asyncDispose]() {
      await sink?.[Symbol.asyncDispose]();
      await dns?.[Symbol.asyncDispose]();
    },
  };
}

async function run(concurrency: number | undefined): Promise<void> {
  const tree = keep(await makeTree("me.example"));
  await settle(queueCreateDirs(tree.home), `${tree.dir}/settle`);
  await using peers = await startPeers(tree.dir);
  const { dns, sink, port } = peers;
  if (!dns || !sink) {
    console.log("skipped: dnsmasq or smtp-sink cannot be installed");
    return;
  }
  if (concurrency) {
    Deno.writeTextFileSync(`${tree.home}/control/concurrencyremote`, `${concurrency}\n`);
  }
  const body = new TextEncoder().encode(
    `From: me@me.example\nTo: rcpt@bench.test\nSubject: bench\n\n${"x".repeat(72)}\n`.repeat(1),
  );
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    await enqueue({
      queue: `${tree.home}/queue`,
      message: body,
      envelope: { sender: "me@me.example", recipients: [`rcpt${i}@bench.test`] },
      uid: Deno.uid() ?? 0,
    });
  }
  const injected = performance.now() - t0;
  const start = new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, "qmail-start", "./Maildir/"],
    env: {
      QMAILHOME: tree.home,
      DNSCACHEIP: `127.0.0.1:${dns.port}`,
      QMAILREMOTE_PORT: String(port),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const t1 = performance.now();
  let ok = 0, other = 0, buf = "";
  for await (const chunk of start.stdout.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (/^delivery \d+: success/.test(line)) ok++;
      else if (/^delivery \d+: (deferral|failure)/.test(line)) {
        if (other++ < 3) console.log(line);
      }
    }
    if (ok + other >= N) break;
  }
  const drained = performance.now() - t1;
  start.kill("SIGTERM");
  await start.status;
  const label = concurrency ? `concurrencyremote ${concurrency}` : "concurrencyremote default (20)";
  console.log(
    `${label}: ${N} messages queued in ${(injected / 1000).toFixed(2)} s; ` +
      `delivered ${ok} (${other} not) in ${(drained / 1000).toFixed(2)} s = ` +
      `${(ok / (drained / 1000)).toFixed(0)} messages/s`,
  );
}

/** The remote side alone: the in-process deliverer (what qmail-rspawn runs), 20 at a time. */
async function runDeliverer(concurrency: number): Promise<void> {
  const { openInProcessDeliverer } = await import("../lib/remote/mod.ts");
  const tree = keep(await makeTree("me.example"));
  await using peers = await startPeers(tree.dir);
  const { dns, sink, port } = peers;
  if (!dns || !sink) return;
  const path = `${tree.dir}/message`;
  Deno.writeTextFileSync(path, `From: me@me.example\nSubject: bench\n\n${"x".repeat(72)}\n`);
  const vars: Record<string, string> = {
    DNSCACHEIP: `127.0.0.1:${dns.port}`,
    QMAILREMOTE_PORT: String(port),
  };
  const d = openInProcessDeliverer(tree.home, (n) => vars[n]);
  let next = 0, ok = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < N) {
      const i = next++;
      const r = await d.deliver({
        delivery: i,
        id: i,
        messagePath: path,
        sender: "me@me.example",
        host: "bench.test",
        recipients: [`rcpt${i}@bench.test`],
      });
      if (r.recipients[0].status === "success") ok++;
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  await d.close();
  console.log(
    `deliverer alone, ${concurrency} at a time: ${ok}/${N} in ${secs.toFixed(2)} s = ` +
      `${(ok / secs).toFixed(0)} messages/s`,
  );
}

await run(undefined);
await run(100);
await runDeliverer(20);
await runDeliverer(100);
leftovers.dispose();
