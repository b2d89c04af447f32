/**
 * `deno task compile [--target TRIPLE]`: builds dist/qmail, the one executable
 * holding every program.
 *
 * Flags, and why: `-A` because the dispatcher itself must read /dev/fd/1
 * (qmail-queue's envelope; Deno grants that path only to --allow-all) and
 * then runs each program in a Worker holding only that program's grants;
 * `--unstable-worker-options` for those per-Worker permissions. The worker
 * entry and the dispatcher are loaded by computed URLs, so they are included
 * explicitly; the programs are found through their static dynamic imports.
 *
 * `deno compile` downloads a `denort` runtime for the target. Offline, point
 * DENORT_BIN at a denort binary of the same Deno version.
 *
 * @module
 */

import { parseArgs } from "node:util";

/** The `deno compile` arguments for a target (undefined: this machine). */
export function compileArgs(target?: string, output = "dist/qmail"): string[] {
  return [
    "compile",
    "-A",
    "--unstable-worker-options",
    "--no-check",
    "--include",
    "lib/sandbox/dispatch.ts",
    "--include",
    "lib/sandbox/worker_entry.ts",
    ...(target ? ["--target", target] : []),
    "--output",
    output,
    "main.ts",
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { target: { type: "string" }, output: { type: "string" } },
  });
  const args = compileArgs(values.target, values.output);
  console.log(`deno ${args.join(" ")}`);
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr);
  await Deno.stderr.write(out.stderr);
  if (!out.success) {
    if (!Deno.env.get("DENORT_BIN") && /denort|download|dl\.deno\.land|network|dns/i.test(err)) {
      console.error(
        "compile: deno compile could not fetch its denort runtime (this machine is offline?).\n" +
          "compile: set DENORT_BIN to a denort binary of Deno " + Deno.version.deno +
          " for the target and run again.",
      );
    }
    Deno.exit(out.code || 1);
  }
}
