/**
 * Running a command line on one connection: in-process when the program is
 * one of denoqmail's servers (lib/net/inprocess.ts), else by `spawn`. A
 * wrapper (rblsmtpd) continues the chain through the same function.
 *
 * @module
 */

import type { ByteReader } from "../smtp/reader.ts";
import type { ByteWriter } from "../smtp/writer.ts";
import { ExitError } from "../cli/exit.ts";
import { findServer, type ServerEnv } from "./inprocess.ts";
import { loadServer } from "./loaders.ts";

/** What stays the same along a chain. */
export interface ExecContext {
  input: ByteReader;
  output: ByteWriter;
  home: string;
  /** The connection's number (see ServerCall.id). */
  id: number;
  log(line: string): void;
  /** Runs a program that is not in-process; resolves with its exit code. */
  spawn(argv: string[], env: ServerEnv): Promise<number>;
}

/**
 * Runs `argv` with `env` and resolves with the program's exit code. An
 * in-process server that throws ExitError ends with its code and message;
 * anything else it throws is reported as `NAME: fatal: …` and counts as exit
 * code 111, as a crashed program would.
 */
export async function execCommand(
  argv: string[],
  env: ServerEnv,
  ctx: ExecContext,
): Promise<number> {
  const found = findServer(argv[0]);
  if (!found) return await ctx.spawn(argv, env);
  try {
    const main = await loadServer(found.name);
    return await main({
      input: ctx.input,
      output: ctx.output,
      env,
      args: argv.slice(1),
      home: ctx.home,
      id: ctx.id,
      log: ctx.log,
      exec: (next, nextEnv) => execCommand(next, nextEnv, ctx),
    });
  } catch (e) {
    if (e instanceof ExitError) {
      if (e.message) ctx.log(e.message);
      return e.code;
    }
    ctx.log(`${found.name}: fatal: ${e instanceof Error ? e.message : String(e)}`);
    return 111;
  }
}
