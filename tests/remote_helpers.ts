/**
 * Peers for the remote delivery interop tests: dnsmasq as the resolver on a
 * loopback port, Python SMTP servers, black holes and mute DNS servers
 * (tests/remote_peer.py), and Postfix's smtp-sink. Every process is killed
 * by its own pid when the peer is disposed.
 *
 * @module
 */

import { ensureProgram } from "./helpers.ts";

const PEER = new URL("./remote_peer.py", import.meta.url).pathname;

/** A running peer process. */
export interface Peer extends AsyncDisposable {
  port: number;
  process: Deno.ChildProcess;
}

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value);
  }
  reader.releaseLock();
  // Keep draining so the child never blocks on a full pipe.
  stream.pipeTo(new WritableStream()).catch(() => {});
  return text.split("\n")[0];
}

function peer(process: Deno.ChildProcess, port: number): Peer {
  return {
    port,
    process,
    async [Symbol.asyncDispose]() {
      try {
        process.kill("SIGKILL");
      } catch { /* gone */ }
      await process.status;
    },
  };
}

/** Starts `remote_peer.py mode args…` and waits for its "ready PORT". */
export async function startPeer(mode: string, args: string[]): Promise<Peer> {
  const process = new Deno.Command("python3", {
    args: ["-u", PEER, mode, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const line = await firstLine(process.stdout);
  const m = /^ready (\d+)/.exec(line);
  if (!m) {
    process.kill("SIGKILL");
    await process.status;
    throw new Error(`${mode} peer did not start: ${line}`);
  }
  return peer(process, Number(m[1]));
}

/** One event the Python SMTP peer logged. */
export interface PeerEvent {
  ev: "connect" | "mail" | "rcpt" | "data";
  from?: string;
  to?: string;
  code?: string;
  rcpts?: string[];
  body?: string;
}

/** The events in a peer's log file. */
export function readEvents(logfile: string): PeerEvent[] {
  try {
    return Deno.readTextFileSync(logfile).split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

/** A port number unlikely to be in use on the loopback addresses. */
export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 30000);
}

/** dnsmasq on 127.0.0.1:port with only the records given (`--mx-host=…` etc.). */
export async function startDnsmasq(records: string[], dir: string): Promise<Peer | undefined> {
  const bin = await ensureProgram("dnsmasq", "dnsmasq-base");
  if (!bin) return undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = randomPort();
    const process = new Deno.Command(bin, {
      args: [
        "--no-resolv",
        "--no-hosts",
        "--no-daemon",
        "--conf-file=/dev/null",
        `--port=${port}`,
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        `--pid-file=${dir}/dnsmasq.pid`,
        "--user=root",
        ...records,
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // dnsmasq logs nothing when it starts well; give it a moment, then probe it.
    const ok = await waitUdp(port);
    if (ok) {
      process.stderr.pipeTo(new WritableStream()).catch(() => {});
      return peer(process, port);
    }
    try {
      process.kill("SIGKILL");
    } catch { /* exited */ }
    await process.status;
  }
  return undefined;
}

async function waitUdp(port: number): Promise<boolean> {
  const { Resolver } = await import("../lib/dns/resolver.ts");
  const r = new Resolver({ servers: [{ address: "127.0.0.1", port }], timeout: 1, attempts: 1 });
  for (let i = 0; i < 20; i++) {
    try {
      await r.query("probe.invalid", "A");
      return true;
    } catch (e) {
      if (
        (e as { kind?: string }).kind !== "timeout" && (e as { kind?: string }).kind !== "network"
      ) {
        return true; // it answered (NXDOMAIN or REFUSED)
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Postfix's smtp-sink on address:port (installs postfix, preseeded, when missing). */
export async function startSmtpSink(
  address: string,
  port: number,
  extra: string[] = [],
): Promise<Peer | undefined> {
  let bin = (await ensureSink()) ?? undefined;
  if (!bin) return undefined;
  bin = bin.trim();
  const process = new Deno.Command(bin, {
    // As root, smtp-sink switches to user postfix unless told otherwise.
    args: [...(Deno.uid() === 0 ? ["-u", "root"] : []), ...extra, `${address}:${port}`, "256"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 50; i++) {
    try {
      const c = await Deno.connect({ hostname: address, port });
      c.close();
      return peer(process, port);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    process.kill("SIGKILL");
  } catch { /* exited */ }
  await process.status;
  return undefined;
}

async function ensureSink(): Promise<string | undefined> {
  for (const p of ["/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  // No Postfix daemon may start on port 25: preseed "No configuration" first.
  await new Deno.Command("/bin/sh", {
    args: [
      "-c",
      'echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections',
    ],
  }).output().catch(() => {});
  return await ensureProgram("smtp-sink", "postfix");
}
