/**
 * Program deliveries (qmail-command(8)): `sh -c command` in the user's home
 * directory with the message on a seekable standard input (the file is
 * opened anew for each program, so each reads from the start), stdout and
 * stderr both going to qmail-local's report, umask 077 as qmail-local sets.
 *
 * node:child_process is used because it can hand the child a file as fd 0
 * (Deno.Command only offers pipes); it is loaded on the first program
 * delivery, keeping it off the Maildir path.
 *
 * @module
 */

/** How a program delivery ended. */
export interface ProgramResult {
  /** The exit code, or null when the program was killed by a signal. */
  code: number | null;
  /** What it wrote on stdout and stderr, in order. */
  output: Uint8Array;
}

/** A program to run. */
export interface ProgramRequest {
  command: string;
  cwd: string;
  env: Record<string, string>;
  /** The file to open as standard input. */
  stdinPath: string;
}

/** The shell that runs `command` as qmail-local's `execv("/bin/sh", "-c", command)` would. */
export const SHELL = "/bin/sh";

/** Sets qmail-local's umask, merges stderr into stdout, then runs the command as `sh -c`. */
const WRAPPER = 'umask 077; exec 2>&1; exec /bin/sh -c "$1"';

/** Runs a program delivery; rejects only when /bin/sh cannot be started. */
export async function runProgram(r: ProgramRequest): Promise<ProgramResult> {
  const { spawn } = await import("node:child_process");
  const { openSync, closeSync } = await import("node:fs");
  const fd = openSync(r.stdinPath, "r");
  try {
    return await new Promise<ProgramResult>((resolve, reject) => {
      const child = spawn(SHELL, ["-c", WRAPPER, SHELL, r.command], {
        cwd: r.cwd,
        env: r.env,
        stdio: [fd, "pipe", "ignore"],
      });
      const chunks: Uint8Array[] = [];
      child.stdout!.on("data", (d: Uint8Array) => chunks.push(new Uint8Array(d)));
      child.on("error", reject);
      child.on("close", (code: number | null) => {
        let n = 0;
        for (const c of chunks) n += c.length;
        const output = new Uint8Array(n);
        n = 0;
        for (const c of chunks) {
          output.set(c, n);
          n += c.length;
        }
        resolve({ code, output });
      });
    });
  } finally {
    closeSync(fd);
  }
}
