/**
 * Starting the built-in tcpserver from the checkout (`deno run main.ts
 * tcpserver -1 …`) on a port chosen at run time, for the tcpserver and SMTP
 * interop tests; stopped with SIGTERM by its own PID.
 *
 * @module
 */

import { DENO_RUN, ensureProgram, which } from "./helpers.ts";

/** A running tcpserver. */
export interface RunningTcpServer extends AsyncDisposable {
  port: number;
  pid: number;
  /** What it logged so far. */
  log(): string;
  /** Sends SIGTERM and waits (bounded) for the exit; returns the exit code and the whole log. */
  stop(): Promise<{ code: number; log: string }>;
}

/** How to start it. */
export interface StartOptions {
  home: string;
  env?: Record<string, string>;
  uid?: number;
  gid?: number;
}

/**
 * Starts `qmail tcpserver -1 ARGS` and resolves once it is listening (its
 * `-1` line gives the port). The arguments must include host and port (use
 * port 0).
 */
export async function startTcpServer(
  args: string[],
  opts: StartOptions,
): Promise<RunningTcpServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...DENO_RUN, "tcpserver", "-1", ...args],
    env: { ...opts.env, QMAILHOME: opts.home },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    uid: opts.uid,
    gid: opts.gid,
  }).spawn();
  let log = "";
  const dec = new TextDecoder();
  const logging = (async () => {
    for await (const chunk of child.stderr) log += dec.decode(chunk);
  })();
  const reader = child.stdout.getReader();
  let out = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  try {
    while (!out.includes("\n")) {
      const r = await reader.read();
      if (r.done) throw new Error(`tcpserver did not start: ${log}`);
      out += dec.decode(r.value);
    }
  } finally {
    clearTimeout(timer);
  }
  const port = Number(out.trim());
  const rest = (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  let stopped: Promise<{ code: number; log: string }> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const status = await child.status;
      clearTimeout(kill);
      await logging;
      await rest;
      return { code: status.code, log };
    })();
  return {
    port,
    pid: child.pid,
    log: () => log,
    stop,
    [Symbol.asyncDispose]: async () => void await stop(),
  };
}

/** The envelope and text of every message in a tree's queue (todo/ and mess/). */
export function queuedMessages(
  home: string,
): { sender: string; recipients: string[]; text: string }[] {
  const out = [];
  for (const e of Deno.readDirSync(`${home}/queue/todo`)) {
    const id = Number(e.name);
    const env = new TextDecoder().decode(Deno.readFileSync(`${home}/queue/todo/${id}`));
    const fields = env.split("\0").filter((f) => f !== "");
    out.push({
      sender: fields.find((f) => f.startsWith("F"))!.slice(1),
      recipients: fields.filter((f) => f.startsWith("T")).map((f) => f.slice(1)),
      text: Deno.readTextFileSync(`${home}/queue/mess/${id % 23}/${id}`),
    });
  }
  return out.sort((a, b) => a.text < b.text ? -1 : 1);
}

/** Runs a program to its end and returns its output (exit code, stdout, stderr). */
export async function run(
  cmd: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const out = await child.output();
  clearTimeout(timer);
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** smtp-source, installing postfix (preseeded: no configuration, no daemon) if needed. */
export async function smtpSource(): Promise<string | undefined> {
  const found = await which("smtp-source");
  if (found) return found;
  await run("/bin/sh", [
    "-c",
    'echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections',
  ]);
  return await ensureProgram("smtp-source", "postfix");
}

/**
 * Runs smtp-source: `messages` messages of 2,000 bytes from
 * load@client.example to bob@test.example over `sessions` parallel sessions,
 * a connection per message, to `at` (IP:port).
 */
export async function smtpSourceLoad(
  source: string,
  at: string,
  messages: number,
  sessions: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return await run(source, [
    "-s",
    String(sessions),
    "-m",
    String(messages),
    "-l",
    "2000",
    "-f",
    "load@client.example",
    "-t",
    "bob@test.example",
    at,
  ]); // deno-fmt-ignore
}
