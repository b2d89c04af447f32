/**
 * `deno task compile [--target TRIPLE]`: builds dist/qmail, the one executable
 * holding every program.
 *
 * Flags, and why: `-A` because the dispatcher itself must read /dev/fd/1
 * (qmail-queue's envelope; Deno grants that path only to --allow-all) and
 * then runs each program in a Worker holding only that program's grants;
 * `--unstable-worker-options` for those per-Worker permissions,
 * `--unstable-net` for tcpserver's loops sharing a port, and V8's young
 * generation capped (lib/cli/self.ts, DENO_FLAGS). main.ts
 * loads the dispatcher by a computed URL, and each program's Worker imports
 * `cmd/<program>.ts` from a generated module, so both are included
 * explicitly (everything they import follows).
 *
 * `deno compile` downloads a `denort` runtime for the target. Offline, point
 * DENORT_BIN (or DENORT_BIN_X86_64 / DENORT_BIN_AARCH64 for a --target) at a
 * denort binary of the same Deno version; the task says so when it fails.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { DENO_FLAGS } from "../lib/cli/self.ts";

/** The `deno compile` arguments for a target (undefined: this machine). */
export function compileArgs(target?: string, output = "dist/qmail"): string[] {
  return [
    "compile",
    "-A",
    ...DENO_FLAGS,
    "--no-check",
    "--include",
    "lib/sandbox/dispatch.ts",
    "--include",
    "cmd/",
    ...(target ? ["--target", target] : []),
    "--output",
    output,
    "main.ts",
  ];
}

/** The release targets: Linux on x86_64 and aarch64. */
export const RELEASE_TARGETS = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];

/** The output of a release build for `target`: dist/qmail-<target>. */
export function releaseOutput(target: string): string {
  return `dist/qmail-${target}`;
}

/**
 * The environment variable naming a denort for `target`: DENORT_BIN_X86_64 or
 * DENORT_BIN_AARCH64 (DENORT_BIN itself serves the machine's own target).
 */
export function denortVariable(target: string): string {
  return `DENORT_BIN_${target.split("-")[0].toUpperCase()}`;
}

/**
 * What to tell the user when `deno compile` failed with `stderr`: undefined
 * unless the runtime could not be fetched or found.
 */
export function denortHint(
  stderr: string,
  target: string | undefined,
  denortBin?: string,
): string | undefined {
  const arch = target ?? `${Deno.build.arch}-unknown-linux-gnu`;
  if (denortBin && /Could not find denort/i.test(stderr)) {
    return `compile: DENORT_BIN=${denortBin} is not a denort binary; point it at denort ${Deno.version.deno} for ${arch}.`;
  }
  if (denortBin || !/denort|dl\.deno\.land|dns error|error sending request|network/i.test(stderr)) {
    return undefined;
  }
  const native = target === undefined || target.startsWith(`${Deno.build.arch}-`);
  const v = !target
    ? "DENORT_BIN"
    : native
    ? `DENORT_BIN (or ${denortVariable(target)})`
    : denortVariable(target);
  return [
    `compile: deno compile cannot fetch its runtime, denort ${Deno.version.deno} for ${arch} ` +
    "(https://dl.deno.land/release/v" + Deno.version.deno +
    `/denort-${arch}.zip): this machine is offline.`,
    `compile: download and unzip it on a connected machine, then set ${v} to that denort binary and run again.`,
  ].join("\n");
}

/** Runs `deno compile` for one target; returns its exit code, printing the hint on failure. */
export async function compile(target?: string, output = "dist/qmail"): Promise<number> {
  const args = compileArgs(target, output);
  // DENORT_BIN is a runtime for this machine: a cross target needs its own variable.
  const native = target === undefined || target.startsWith(`${Deno.build.arch}-`);
  const denortBin = (target ? Deno.env.get(denortVariable(target)) : undefined) ??
    (native ? Deno.env.get("DENORT_BIN") : undefined);
  console.log(`deno ${args.join(" ")}`);
  const env: Record<string, string> = denortBin ? { DENORT_BIN: denortBin } : {};
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL("..", import.meta.url).pathname,
    env,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  await Deno.stderr.write(out.stderr);
  if (out.success) return 0;
  const hint = denortHint(new TextDecoder().decode(out.stderr), target, denortBin);
  if (hint) console.error(hint);
  return out.code || 1;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { target: { type: "string" }, output: { type: "string" } },
  });
  Deno.exitCode = await compile(values.target, values.output);
}
