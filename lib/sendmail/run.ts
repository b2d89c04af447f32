/**
 * sendmail's driver: translates the command line (translate.ts) and runs
 * what it amounts to in-process: qmail-inject's runInject with the changed
 * environment, qmail-qread's listing, or a qmail-smtpd session on
 * stdin/stdout. The environment is passed down as a lookup function, never
 * changed in the process. A message for qmail-inject has its CRLF line ends
 * turned into LF first (crlf.ts).
 *
 * @module
 */

import { ExitError } from "../cli/exit.ts";
import { InjectError } from "../inject/errors.ts";
import { chunksOf, runInject } from "../inject/run.ts";
import { submit } from "../queue/submit.ts";
import type { QueueFn } from "../smtp/serve.ts";
import { crlfToLf } from "./crlf.ts";
import { type ByteReader, withPrefix } from "./input.ts";
import { type EnvChanges, translate } from "./translate.ts";

/** sendmail's surroundings. */
export interface SendmailIO {
  /** QMAILHOME. */
  home: string;
  /** Reads the invoking environment. */
  env(name: string): string | undefined;
  stdin: ByteReader;
  stdout: { write(p: Uint8Array): Promise<number> };
  /** Bytes that come before stdin (datemail's Date line). */
  prefix?: Uint8Array;
  /** The name sendmail was called by: `mailq` and `newaliases` change its meaning. */
  progname?: string;
  /** The variables a qmail-smtpd session may see (for `-bs`), or how to get them when needed. */
  smtpdEnvNames?: readonly string[] | (() => Promise<readonly string[]>);
}

/** The environment lookup with `changes` laid over it (`null` hides a variable). */
export function overlayEnv(
  env: (name: string) => string | undefined,
  changes: EnvChanges,
): (name: string) => string | undefined {
  return (name) => Object.hasOwn(changes, name) ? changes[name] ?? undefined : env(name);
}

/**
 * Runs sendmail with `args`; returns the exit code, or throws ExitError for
 * usage errors and qmail-inject's fatal errors (`qmail-inject: fatal: …`,
 * as qmail's sendmail, which execs qmail-inject, reports them).
 */
export async function runSendmail(args: string[], io: SendmailIO): Promise<number> {
  if (!isDirectory(io.home)) {
    throw new ExitError(111, "sendmail: fatal: unable to switch to qmail home directory");
  }
  const plan = translate(args, {
    progname: io.progname,
    hasProto: io.env("PROTO") !== undefined,
  });
  const stdin = io.prefix?.length ? withPrefix(io.prefix, io.stdin) : io.stdin;
  switch (plan.run) {
    case "fail":
      throw new ExitError(plan.code, plan.message);
    // qmail-qread and qmail-smtpd are loaded only when asked for: `sendmail -t`
    // is run once per message by cron and PHP, and start-up time is its cost.
    case "qread": {
      const { printQueue } = await import("../qread/print.ts");
      return await printQueue(`${io.home}/queue`, io.stdout);
    }
    case "smtpd": {
      const { runSmtpd } = await import("../smtp/smtpd.ts");
      const lookup = overlayEnv(io.env, plan.env);
      const given = io.smtpdEnvNames;
      const smtpdEnv = typeof given === "function" ? await given() : given ?? [];
      const names = new Set([...smtpdEnv, ...Object.keys(plan.env)]);
      const env = Object.fromEntries([...names].map((n) => [n, lookup(n)]));
      return await runSmtpd(stdin, io.stdout, { home: io.home, env, queue: queueAsUser(io.home) });
    }
    case "inject":
      try {
        await runInject(plan.args, {
          home: io.home,
          env: overlayEnv(io.env, plan.env),
          now: new Date(),
          pid: Deno.pid,
          stdin: crlfToLf(chunksOf(stdin)),
          stdout: io.stdout,
          submit,
        });
        return 0;
      } catch (e) {
        if (e instanceof InjectError) {
          throw new ExitError(e.code, `qmail-inject: fatal: ${e.message}`);
        }
        throw e;
      }
  }
}

/**
 * Where `sendmail -bs` queues: as the invoking user (qmail's sendmail runs
 * qmail-smtpd, and so qmail-queue, under the caller's uid, so the Received
 * line says "invoked by uid N", not "from network").
 */
function queueAsUser(home: string): QueueFn {
  return (message, envelope) => submit({ home, message, envelope });
}

/** Whether `path` is a directory (qmail's sendmail starts with chdir to its home). */
function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
