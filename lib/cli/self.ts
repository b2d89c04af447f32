/**
 * How to run another program of this same executable: the compiled binary
 * directly, or `deno run` on main.ts from a checkout. The dispatcher records
 * its own path in QMAIL_SELF.
 *
 * @module
 */

/**
 * Deno's flags for every run of this executable, besides `-A`: the main.ts
 * shebang, the deno.json tasks, `deno compile` and {@linkcode selfCommand}
 * all carry them (tests/runtime_flags_test.ts checks).
 *
 * - `--unstable-worker-options`: each program runs in a Worker holding only
 *   its own permissions.
 * - `--unstable-net`: tcpserver's event loops share one address with
 *   SO_REUSEPORT (`Deno.listen`'s `reusePort`, lib/net/loops.ts).
 * - `--max-semi-space-size=4` (MB): under a busy server's allocation V8 grows
 *   the young generation to 16 MB semi-spaces; capped at 4, tcpserver with
 *   20 SMTP sessions peaks at ~95 MB instead of ~143 MB, as fast
 *   (bench/smtpd).
 */
export const DENO_FLAGS = [
  "--unstable-worker-options",
  "--unstable-net",
  "--v8-flags=--max-semi-space-size=4",
];

/** The command line that runs `program` with `args` through this executable. */
export function selfCommand(program: string, args: string[] = []): [string, string[]] {
  const self = Deno.env.get("QMAIL_SELF") ?? "";
  if (self.endsWith(".ts")) {
    return [Deno.execPath(), [
      "run",
      "-A",
      ...DENO_FLAGS,
      "--quiet",
      self,
      program,
      ...args,
    ]];
  }
  return [self, [program, ...args]];
}
