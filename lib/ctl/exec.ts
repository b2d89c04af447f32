/**
 * Running a helper program (systemctl, kill, ps, sh) and collecting its output.
 *
 * @module
 */

/** A finished helper. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` with no input; never throws for a missing program (code 127). */
export async function exec(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; clearEnv?: boolean; cwd?: string } = {},
): Promise<ExecResult> {
  try {
    const r = await new Deno.Command(cmd, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      ...opts,
    }).output();
    const dec = new TextDecoder();
    return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
  } catch (e) {
    return { code: 127, stdout: "", stderr: `${cmd}: ${e instanceof Error ? e.message : e}` };
  }
}
