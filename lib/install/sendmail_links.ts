/**
 * `install --replace-sendmail`: the HOWTO's by-hand steps — move the old
 * /usr/lib/sendmail and /usr/sbin/sendmail aside as `.old`, then link both to
 * qmail's sendmail.
 *
 * @module
 */

/** Where programs look for sendmail. */
export const SENDMAIL_PATHS = ["/usr/sbin/sendmail", "/usr/lib/sendmail"];

function linkTarget(path: string): string | undefined {
  try {
    return Deno.lstatSync(path).isSymlink ? Deno.readLinkSync(path) : "";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

async function ln(target: string, path: string): Promise<void> {
  const r = await new Deno.Command("ln", { args: ["-s", target, path], stderr: "piped" }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr).trim());
}

/**
 * Points `root + p` at `target` for each sendmail path; an existing program is
 * renamed to `p.old` first (never overwriting an earlier `.old`). Returns what
 * was done, one line each.
 */
export async function replaceSendmail(root: string, target: string): Promise<string[]> {
  const log: string[] = [];
  for (const p of SENDMAIL_PATHS) {
    const path = `${root}${p}`;
    const now = linkTarget(path);
    if (now === target) continue;
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (now !== undefined) {
      if (linkTarget(`${path}.old`) !== undefined) {
        throw new Error(`${path}.old exists: move it away to replace ${path}`);
      }
      Deno.renameSync(path, `${path}.old`);
      log.push(`moved ${path} to ${path}.old`);
    }
    await ln(target, path);
    log.push(`linked ${path} -> ${target}`);
  }
  return log;
}
