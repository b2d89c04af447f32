/**
 * Busybox-style links: one symlink per program, named after it, pointing at
 * the `qmail` executable (or main.ts in a checkout).
 *
 * @module
 */

import { programs } from "../../cmd/registry.ts";

/** The programs that get a link: every program but the tree-setup commands. */
export function linkNames(): string[] {
  return Object.keys(programs).sort();
}

/**
 * Makes `dir/<program>` → `target` for every program, replacing old links
 * (never a regular file). Returns the names linked. Links are made by `ln`:
 * Deno's own symlink call needs unscoped read and write permission.
 */
export async function installLinks(dir: string, target: string): Promise<string[]> {
  const made: string[] = [];
  for (const name of linkNames()) {
    const path = `${dir}/${name}`;
    try {
      const st = Deno.lstatSync(path);
      if (!st.isSymlink) throw new Error(`${path} exists and is not a symlink`);
      Deno.removeSync(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const r = await new Deno.Command("ln", { args: ["-s", target, path], stderr: "piped" })
      .output();
    if (!r.success) throw new Error(new TextDecoder().decode(r.stderr).trim());
    made.push(name);
  }
  return made;
}
