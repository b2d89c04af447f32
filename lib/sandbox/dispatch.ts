/**
 * The multi-call dispatcher: picks the program from how `qmail` was invoked,
 * answers `--list` and `--help`, and runs the program in a Worker that holds
 * exactly the permissions the program declares.
 *
 * @module
 */

import { programs } from "../../cmd/registry.ts";
import { type GrantContext, withBoundPort, workerPermissions } from "./grants.ts";
import type {
  FromWorker,
  SetIdsMessage,
  StartLoopsMessage,
  SyslogMessage,
  ToWorker,
  WantFd0TcpMessage,
  WantFd1Message,
  WantFd3Message,
} from "./messages.ts";
import { freshBundle } from "./bundle.ts";
import { defaultHome } from "../paths.ts";

/** The basename of a path or file URL. */
function basename(p: string): string {
  return p.replace(/\/+$/, "").replace(/^.*\//, "");
}

/**
 * Which program an invocation names: the basename of argv[0] (a symlink such
 * as /var/qmail/bin/sendmail), else of the script path (a symlink to main.ts
 * run through its shebang), else the first argument. Returns the program and
 * the remaining arguments; the program is undefined when none was named.
 */
export function pickProgram(
  argv0: string,
  script: string | undefined,
  args: string[],
): { program: string | undefined; args: string[] } {
  for (const candidate of [argv0, script]) {
    if (candidate && Object.hasOwn(programs, basename(candidate))) {
      return { program: basename(candidate), args };
    }
  }
  return { program: args[0], args: args.slice(1) };
}

/** The text of `qmail --list`: every program with its one-line summary. */
export function listing(): string {
  const names = Object.keys(programs).sort();
  const width = Math.max(...names.map((n) => n.length));
  return names.map((n) => `${n.padEnd(width)}  ${programs[n].summary}\n`).join("");
}

const TOP_USAGE = "usage: qmail <program> [args ...]   (qmail --list names the programs)\n";

/** Resolves QMAILHOME to an absolute path, following symlinks when it exists. */
function resolveHome(): string {
  const raw = Deno.env.get("QMAILHOME") || defaultHome;
  const abs = raw.startsWith("/") ? raw : `${Deno.cwd()}/${raw}`;
  try {
    return Deno.realPathSync(abs);
  } catch {
    return abs;
  }
}

/** Runs the invocation and exits the process with the program's code. */
export async function dispatch(
  argv0: string,
  script: string | undefined,
  argv: string[],
  self: string,
) {
  const { program, args } = pickProgram(argv0, script, argv);
  if (program === undefined || program === "--help" || program === "-h") {
    await Deno.stdout.write(new TextEncoder().encode(TOP_USAGE));
    Deno.exit(program === undefined ? 100 : 0);
  }
  if (program === "--list") {
    await Deno.stdout.write(new TextEncoder().encode(listing()));
    Deno.exit(0);
  }
  const spec = Object.hasOwn(programs, program) ? programs[program] : undefined;
  if (!spec) {
    console.error(`qmail: unknown program: ${program}\n${TOP_USAGE.trimEnd()}`);
    Deno.exit(100);
  }
  if (args[0] === "--help") {
    await Deno.stdout.write(new TextEncoder().encode(`usage: ${spec.usage}\n${spec.summary}\n`));
    Deno.exit(0);
  }
  const ctx: GrantContext = {
    home: resolveHome(),
    args,
    cwd: Deno.cwd(),
    env: (name) => Deno.env.get(name),
  };
  Deno.env.set("QMAILHOME", ctx.home);
  Deno.env.set("QMAIL_SELF", self);
  const module = spec.module ?? program;
  const bundle = freshBundle(module);
  const moduleUrl = bundle ?? new URL(`../../cmd/${module}.ts`, import.meta.url).href;
  const source = (entry = spec.entry) =>
    workerSource(program, moduleUrl, args, entry, bundle ?? undefined);
  runSandboxed(program, source, sandboxPermissions(program, ctx));
}

/**
 * The source of a Worker's module running `program` with `args`: the
 * runner's (worker_entry.ts's) runProgram with the program's entry function
 * from `moduleUrl` (both from one URL when the program is bundled).
 */
export function workerSource(
  program: string,
  moduleUrl: string,
  args: string[],
  entry = "main",
  runnerUrl = new URL("./worker_entry.ts", import.meta.url).href,
): string {
  return `import { runProgram } from ${JSON.stringify(runnerUrl)};\n` +
    `import { ${entry} as main } from ${JSON.stringify(moduleUrl)};\n` +
    `runProgram(${JSON.stringify(program)}, main, ${JSON.stringify(args)});\n`;
}

/** The Worker permissions a program runs with: exactly its declared grants. */
export function sandboxPermissions(program: string, ctx: GrantContext): Record<string, unknown> {
  return workerPermissions(programs[program].grants(ctx));
}

/**
 * Runs the program in a Worker; its exit code ends the process. Further
 * Workers it asks for (tcpserver's loops) run the `loopMain` entry with the
 * same permissions; theirs do not.
 */
function runSandboxed(
  program: string,
  source: (entry?: string) => string,
  permissions: Record<string, unknown>,
) {
  // If the worker dies without reporting (it should not), qmail's "temporary failure".
  Deno.exitCode = 111;
  let loops: StartLoopsMessage | undefined;
  let lane = 0;
  const start = (
    entry: string | undefined,
    grants: Record<string, unknown>,
    onExit: (code: number, w: Worker) => void,
  ) => {
    const worker = sandboxedWorker(program, source(entry), grants);
    const post = (m: ToWorker) => worker.postMessage(m);
    worker.onmessage = async (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.kind === "running") return;
      if (m.kind === "exit") return onExit(m.code, worker);
      if (m.kind === "start-loops") {
        loops = m;
        const grants = withBoundPort(permissions, m.listen, m.port);
        for (let i = 0; i < m.count; i++) start("loopMain", grants, (_, loop) => loop.terminate());
        return;
      }
      if (m.kind === "want-loop") {
        const { port, share, count } = loops!;
        post({ kind: "loop", port, share, lane: ++lane, lanes: count + 1 });
        return;
      }
      post(await hostReply(m));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      console.error(`${program}: fatal: ${e.message}`);
      Deno.exit(111);
    };
  };
  start(undefined, permissions, (code) => Deno.exit(code));
}

/** A Worker running `source` with `permissions`. */
function sandboxedWorker(
  program: string,
  source: string,
  permissions: Record<string, unknown>,
): Worker {
  // The worker's module is generated: static imports of the program, which the
  // sandbox lets load however little the program may read.
  return new Worker(`data:text/javascript,${encodeURIComponent(source)}`, {
    type: "module",
    name: program,
    // @ts-ignore: Deno's worker options (--unstable-worker-options)
    deno: { permissions },
  });
}

/** The dispatcher's answer to a request only the main thread can carry out. */
async function hostReply(
  m: WantFd1Message | WantFd3Message | WantFd0TcpMessage | SyslogMessage | SetIdsMessage,
): Promise<ToWorker> {
  if (m.kind === "syslog") {
    await (await import("./syslog.ts")).sendToSyslog(m.datagrams);
    return { kind: "syslogged" };
  }
  if (m.kind === "want-fd3") return (await import("./fd3.ts")).readFd3Reply(m.max);
  if (m.kind === "want-fd0-tcp") return (await import("./host.ts")).fd0TcpReply();
  if (m.kind === "set-ids") return (await import("./ids.ts")).setIdsReply(m.uid, m.gid);
  try {
    const { readFd1UntilEnvelope } = await import("./host.ts");
    return { kind: "fd1", bytes: await readFd1UntilEnvelope() };
  } catch (err) {
    return { kind: "fd1", error: err instanceof Error ? err.message : String(err) };
  }
}
