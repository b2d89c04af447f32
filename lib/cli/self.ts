/**
 * How to run another program of this same executable: the compiled binary
 * directly, or `deno run` on main.ts from a checkout. The dispatcher records
 * its own path in QMAIL_SELF.
 *
 * @module
 */

/** The command line that runs `program` with `args` through this executable. */
export function selfCommand(program: string, args: string[] = []): [string, string[]] {
  const self = Deno.env.get("QMAIL_SELF") ?? "";
  if (self.endsWith(".ts")) {
    return [Deno.execPath(), [
      "run",
      "-A",
      "--unstable-worker-options",
      "--quiet",
      self,
      program,
      ...args,
    ]];
  }
  return [self, [program, ...args]];
}
