/**
 * denoqmail's own servers that tcpserver runs in-process, one call per
 * connection, instead of a process per connection. A program on tcpserver's
 * command line whose basename is listed here (`qmail-smtpd`,
 * `/var/qmail/bin/qmail-smtpd`) runs in-process; anything else is spawned.
 * Wrappers such as rblsmtpd name the program they run next, so a chain
 * `rblsmtpd -r zen.example qmail-smtpd` runs in-process end to end.
 *
 * To add a server: an entry here, its loader in loaders.ts (kept apart:
 * this file is on the dispatcher's path, and Deno loads the module graph of
 * every literal `import()` it sees when the importing module loads), and a
 * program of the same name in cmd/registry.ts whose grants cover what it does.
 *
 * @module
 */

import type { ByteReader } from "../smtp/reader.ts";
import type { ByteWriter } from "../smtp/writer.ts";
import { rblProgram } from "../rbl/options.ts";
import { UCSPI_ENV } from "./ucspi.ts";

/** A connection's environment: variable → value, undefined when unset. */
export type ServerEnv = Record<string, string | undefined>;

/** What an in-process server gets for one connection. */
export interface ServerCall {
  /** The client's bytes (the program's stdin). */
  input: ByteReader;
  /** To the client (the program's stdout). */
  output: ByteWriter;
  /** The whole environment the program would see (tcp-environ(5), rules' variables, …). */
  env: ServerEnv;
  /** The program's arguments, after its name. */
  args: string[];
  /** QMAILHOME. */
  home: string;
  /** The connection's number in tcpserver's log (`pid N`), or this process's pid run alone. */
  id: number;
  /** Writes one line to the log (stderr). */
  log(line: string): void;
  /** Runs a command line on the same connection (in-process when it can): for wrappers. */
  exec(argv: string[], env: ServerEnv): Promise<number>;
}

/** An in-process server: serves one connection, resolves with the program's exit code. */
export type ServerMain = (call: ServerCall) => Promise<number>;

/** A registered server. */
export interface InProcessServer {
  /** For a wrapper: the command line it runs next, given its arguments (undefined: bad usage). */
  inner?(args: string[]): string[] | undefined;
  /** Variables of tcpserver's own environment it reads (besides tcp-environ(5)'s). */
  env?: string[];
}

/** The servers, by program name. */
export const inProcessServers: Record<string, InProcessServer> = {
  "qmail-smtpd": { env: ["RELAYCLIENT", "DATABYTES", "QMAILQUEUE"] },
  "qmail-qmtpd": { env: ["RELAYCLIENT", "DATABYTES", "QMAILQUEUE"] },
  "qmail-qmqpd": { env: ["QMAILQUEUE"] },
  "rblsmtpd": { inner: rblProgram, env: ["RBLSMTPD", "DNSCACHEIP"] },
  "qmail-popup": {},
};

/**
 * The environment an in-process chain starts from: this process's whole
 * environment when the sandbox lets it be read, else the variables the
 * servers read, those that are set.
 */
export function inheritedEnv(): ServerEnv {
  try {
    return Deno.env.toObject();
  } catch {
    const names = new Set(["QMAILHOME", "TZ", ...UCSPI_ENV]);
    for (const s of Object.values(inProcessServers)) for (const n of s.env ?? []) names.add(n);
    const env: ServerEnv = {};
    for (const name of names) {
      try {
        const value = Deno.env.get(name);
        if (value !== undefined) env[name] = value;
      } catch {
        // not granted: the servers do not see it either
      }
    }
    return env;
  }
}

/** The basename of a program path. */
export function programName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * The in-process server a program path names, if any.
 *
 * @example
 * ```ts
 * findServer("/var/qmail/bin/qmail-smtpd")?.name; // "qmail-smtpd"
 * ```
 */
export function findServer(path: string): { name: string; server: InProcessServer } | undefined {
  const name = programName(path);
  return Object.hasOwn(inProcessServers, name)
    ? { name, server: inProcessServers[name] }
    : undefined;
}

/** One step of a command chain: an in-process server and its arguments, or a program to spawn. */
export type ChainStep =
  | { kind: "inprocess"; name: string; args: string[] }
  | { kind: "spawn"; argv: string[] };

/**
 * The steps of a command line: in-process servers as long as wrappers lead to
 * them, then possibly a program to spawn.
 *
 * @example
 * ```ts
 * commandChain(["rblsmtpd", "-r", "zen.example", "qmail-smtpd"]);
 * // [{kind: "inprocess", name: "rblsmtpd", args: [...]}, {kind: "inprocess", name: "qmail-smtpd", args: []}]
 * ```
 */
export function commandChain(argv: string[]): ChainStep[] {
  const steps: ChainStep[] = [];
  let rest: string[] | undefined = argv;
  while (rest && rest.length > 0) {
    const found = findServer(rest[0]);
    if (!found) {
      steps.push({ kind: "spawn", argv: rest });
      break;
    }
    const args = rest.slice(1);
    steps.push({ kind: "inprocess", name: found.name, args });
    rest = found.server.inner?.(args);
  }
  return steps;
}
