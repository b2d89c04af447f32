/**
 * Test helpers: run `qmail <program>` the way a user would (deno run on
 * main.ts, through the sandbox), and make throwaway qmail trees.
 *
 * @module
 */

import { freePort as freeLoopbackPort } from "../lib/start/ports.ts";
import { DENO_FLAGS } from "../lib/cli/self.ts";

/** Absolute path of main.ts. */
export const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** The deno arguments that run main.ts (as its shebang does). */
export const DENO_RUN = ["run", "-A", ...DENO_FLAGS, "--quiet", MAIN];

/** What a finished program left behind. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run a program. */
export interface RunOptions {
  home?: string;
  stdin?: Uint8Array | string;
  env?: Record<string, string>;
  /** A file to open on descriptor 1 for reading (qmail-queue's envelope); stdout is then lost. */
  fd1File?: string;
  uid?: number;
  gid?: number;
  cwd?: string;
}

/** Runs `qmail <program> args` and collects its output. */
export async function runQmail(
  program: string,
  args: string[] = [],
  opts: RunOptions = {},
): Promise<RunResult> {
  const env: Record<string, string> = { ...opts.env };
  if (opts.home) env.QMAILHOME = opts.home;
  let cmd = Deno.execPath();
  let cmdArgs = [...DENO_RUN, program, ...args];
  if (opts.fd1File) {
    cmdArgs = ["-c", 'exec "$@" 1<"$QMT_FD1"', "sh", cmd, ...cmdArgs];
    cmd = "/bin/sh";
    env.QMT_FD1 = opts.fd1File;
  }
  const child = new Deno.Command(cmd, {
    args: cmdArgs,
    env,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    uid: opts.uid,
    gid: opts.gid,
    cwd: opts.cwd,
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(
      typeof opts.stdin === "string" ? new TextEncoder().encode(opts.stdin) : opts.stdin,
    )
      .catch(() => {});
    await w.close().catch(() => {});
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A temporary qmail tree, removed by `using`. */
export interface TempTree extends Disposable {
  /** The directory holding the tree (and anything else the test puts there). */
  dir: string;
  /** QMAILHOME. */
  home: string;
}

/**
 * Makes a single-user tree with `install --single-user` and, if `fqdn` is
 * given, `config-fast fqdn`.
 */
export async function makeTree(fqdn?: string): Promise<TempTree> {
  const dir = await Deno.makeTempDir({ prefix: "qmt-" });
  const home = `${dir}/qmail`;
  const inst = await runQmail("install", ["--single-user"], { home });
  if (inst.code !== 0) throw new Error(`install failed: ${inst.stderr}`);
  if (fqdn) {
    const cf = await runQmail("config-fast", [fqdn], { home });
    if (cf.code !== 0) throw new Error(`config-fast failed: ${cf.stderr}`);
  }
  return {
    dir,
    home,
    [Symbol.dispose]() {
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** A free loopback port (bound and released). */
export function freePort(): number {
  return freeLoopbackPort(0);
}

/** Names of the files in a directory (empty if it is missing). */
export function listDir(path: string): string[] {
  try {
    return [...Deno.readDirSync(path)].map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** Every file under queue/<dir>, recursively, as paths relative to the queue. */
export function queueFiles(home: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of Deno.readDirSync(`${home}/queue/${rel}`)) {
      if (e.isDirectory) walk(`${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** The queued messages of a tree: each todo/N with its mess/S/N, as paths under queue/. */
export function queuedPaths(home: string): { todo: string; mess: string }[] {
  return queueFiles(home, "todo").map((todo) => {
    const id = todo.slice("todo/".length);
    return { todo, mess: queueFiles(home, "mess").find((m) => m.endsWith(`/${id}`))! };
  });
}

/** The path of a program on PATH, or undefined. */
export async function which(program: string): Promise<string | undefined> {
  const out = await new Deno.Command("/bin/sh", {
    args: ["-c", 'command -v "$1"', "sh", program],
    stdout: "piped",
    stderr: "null",
  }).output();
  const path = new TextDecoder().decode(out.stdout).trim();
  return out.code === 0 && path ? path : undefined;
}

/**
 * A real peer program for an interop test: its path, installing Debian's
 * `pkg` with apt-get first when it is missing (the test's own set-up; .ci/run
 * installs .ci/packages up front). Undefined when it cannot be had.
 */
export async function ensureProgram(program: string, pkg = program): Promise<string | undefined> {
  const found = await which(program);
  if (found) return found;
  console.log(`installing ${pkg} with apt-get`);
  const child = new Deno.Command("apt-get", {
    args: ["install", "-y", "-qq", "--no-install-recommends", pkg],
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill(), 300_000);
  try {
    const out = await child.output();
    if (out.code !== 0) console.log(new TextDecoder().decode(out.stderr).trim());
  } catch (e) {
    console.log(`apt-get: ${e}`);
  } finally {
    clearTimeout(timer);
  }
  return await which(program);
}

/** Runs a system command (useradd, chown …) quietly; throws with its stderr when it fails. */
export async function sh(cmd: string, args: string[]): Promise<void> {
  const r = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!r.success) throw new Error(`${cmd}: ${new TextDecoder().decode(r.stderr)}`);
}

/** A root test's place for a system tree whose accounts are throwaway `qmt…` ones. */
export interface QmtDir {
  /** The prefix `install --user-prefix` gives qmail's accounts: `qmt` and four random characters. */
  prefix: string;
  /** A directory every uid may enter (removed by the test). */
  dir: string;
  /** QMAILHOME, not made yet: `${dir}/qmail`. */
  home: string;
  /** A deno cache directory every uid may write: `${dir}/deno-cache`. */
  cache: string;
}

/** Makes a QmtDir. */
export async function makeQmtDir(): Promise<QmtDir> {
  const prefix = `qmt${crypto.randomUUID().slice(0, 4)}`;
  const dir = await Deno.makeTempDir({ prefix: "qmt-" });
  Deno.chmodSync(dir, 0o755);
  const home = `${dir}/qmail`;
  const cache = `${dir}/deno-cache`;
  Deno.mkdirSync(cache, { mode: 0o777 });
  Deno.chmodSync(cache, 0o777);
  return { prefix, dir, home, cache };
}

/** The accounts `install --user-prefix PREFIX` creates, less PREFIX. */
export const QMT_ROLES = ["alias", "qmaild", "qmaill", "qmailp", "qmailq", "qmailr", "qmails"];

/**
 * Deletes a root test's accounts, ignoring failures: the `users`, then
 * PREFIX plus each role, then the groups PREFIX plus `qmail`, `nofiles` and
 * each of `groups`.
 */
export async function removeQmtAccounts(
  prefix: string,
  users: string[] = [],
  groups: string[] = [],
): Promise<void> {
  for (const u of [...users, ...QMT_ROLES.map((r) => prefix + r)]) {
    await sh("userdel", [u]).catch(() => {});
  }
  for (const g of ["qmail", "nofiles", ...groups]) {
    await sh("groupdel", [prefix + g]).catch(() => {});
  }
}
