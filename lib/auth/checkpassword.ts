/**
 * The checkpassword program (D. J. Bernstein's interface, cr.yp.to/checkpwd):
 * reads `user\0password\0timestamp\0` from descriptor 3; on success sets
 * USER, HOME and SHELL, changes to the home directory, takes the user's uid
 * and gid when run as root, and runs the rest of its command line, exiting
 * with its code. Exit codes: 1 the password was wrong (or the input too
 * long), 2 misuse, 111 a temporary problem. Failures are logged on stderr
 * and answered only a fixed time after the input arrived.
 *
 * @module
 */

import { readFd3 } from "../sandbox/fd3.ts";
import { type AccountSources, checkCredentials, parseCredentials } from "./check.ts";
import { parsePasswdFile } from "./passwd_file.ts";
import { parseShadow } from "./shadow.ts";
import { type PasswdEntry, readPasswd } from "../ids/accounts.ts";
import { readOptional } from "../io/read_optional.ts";

/** DJB's checkpassword reads at most 512 bytes. */
export const MAX_INPUT = 512;

/** Seconds a failure waits before it is answered, from when the input arrived. */
export const DEFAULT_DELAY_SECONDS = 2;

/** What checkpassword works with (all of it replaceable in tests). */
export interface CheckpasswordConfig {
  /** The password file (missing means no entries). */
  passwdFile: string;
  /** Consult /etc/passwd and /etc/shadow for names not in the file. */
  useShadow: boolean;
  delaySeconds: number;
  /** The client's address, for the log. */
  remoteIp?: string;
  systemPasswd?: string;
  systemShadow?: string;
  log?: (line: string) => void;
}

/** The configuration from the environment (see docs/ARCHITECTURE.md, "Reading mail"). */
export function configFromEnv(
  home: string,
  env: (n: string) => string | undefined,
): CheckpasswordConfig {
  const delay = Number(env("CHECKPASSWORD_DELAY") ?? DEFAULT_DELAY_SECONDS);
  const shadow = env("CHECKPASSWORD_SHADOW") ?? "";
  return {
    passwdFile: env("CHECKPASSWORD_FILE") || `${home}/control/poppasswd`,
    useShadow: shadow !== "" && shadow !== "0",
    delaySeconds: Number.isFinite(delay) && delay >= 0 ? delay : DEFAULT_DELAY_SECONDS,
    remoteIp: env("TCPREMOTEIP"),
  };
}

/** The account sources of a configuration (files read now; the system's on demand). */
export function loadSources(cfg: CheckpasswordConfig): AccountSources {
  const log = cfg.log ?? console.error;
  const text = readOptional(cfg.passwdFile) ?? "";
  const file = parsePasswdFile(text, (n) => log(`checkpassword: ${cfg.passwdFile}:${n}: bad line`));
  let system: PasswdEntry[] | undefined;
  let shadow: Map<string, string> | undefined;
  return {
    file,
    system(name) {
      system ??= readPasswd(cfg.systemPasswd ?? "/etc/passwd");
      return system.find((e) => e.name === name);
    },
    shadow: cfg.useShadow
      ? (name) => {
        shadow ??= parseShadow(readOptional(cfg.systemShadow ?? "/etc/shadow") ?? "");
        return shadow.get(name);
      }
      : undefined,
  };
}

/** How the next program is run once the user is known. */
export interface NextProgram {
  command: [string, string[]];
  run?: (cmd: string, args: string[], opts: Deno.CommandOptions) => Promise<number>;
}

async function runInherit(cmd: string, args: string[], opts: Deno.CommandOptions): Promise<number> {
  const status = await new Deno.Command(cmd, { ...opts, args }).spawn().status;
  return status.signal ? 111 : status.code;
}

/** Quotes a name for the log (it comes from the network). */
function printable(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

/** Runs checkpassword once; returns its exit code. */
export async function checkpassword(cfg: CheckpasswordConfig, next: NextProgram): Promise<number> {
  const log = cfg.log ?? console.error;
  const input = await readFd3(MAX_INPUT);
  const started = performance.now();
  if (input.kind === "closed") {
    log("checkpassword: descriptor 3 is not open");
    return 2;
  }
  if (input.kind === "error") {
    log(`checkpassword: unable to read descriptor 3: ${input.error}`);
    return 111;
  }
  const creds = input.kind === "bytes" ? parseCredentials(input.bytes) : undefined;
  if (input.kind === "bytes" && !creds) return 2;
  let sources: AccountSources;
  try {
    sources = loadSources(cfg);
  } catch (e) {
    log(`checkpassword: unable to read ${cfg.passwdFile}: ${e instanceof Error ? e.message : e}`);
    return 111;
  }
  const outcome = creds
    ? await checkCredentials(creds, sources)
    : { ok: false as const, reason: "input too long" };
  if (!outcome.ok) {
    const from = cfg.remoteIp ? ` from ${cfg.remoteIp}` : "";
    log(`checkpassword: ${outcome.reason} for ${printable(creds?.user ?? "")}${from}`);
    const wait = cfg.delaySeconds * 1000 - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return 1;
  }
  const a = outcome.account;
  const opts: Deno.CommandOptions = {
    cwd: a.home,
    env: { USER: a.name, HOME: a.home, SHELL: a.shell },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  };
  // As root, become the user (supplementary groups are cleared); otherwise
  // the program runs as whoever runs checkpassword (a single-user tree).
  if (Deno.uid() === 0) Object.assign(opts, { uid: a.uid, gid: a.gid });
  const [cmd, args] = next.command;
  try {
    return await (next.run ?? runInherit)(cmd, args, opts);
  } catch (e) {
    log(`checkpassword: unable to run ${cmd} in ${a.home}: ${e instanceof Error ? e.message : e}`);
    return 111;
  }
}
