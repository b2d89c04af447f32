/**
 * The Deno permissions tcprules needs: its two files and the directory whose
 * entry the rename replaces (fsynced afterwards). Kept apart from the program
 * so the dispatcher can compute them without loading it.
 *
 * @module
 */

import type { GrantContext, Grants } from "../sandbox/grants.ts";

/** `path` made absolute against `cwd`. */
export function absolutePath(cwd: string, path: string): string {
  return path.startsWith("/") ? path : `${cwd}/${path}`;
}

/** The directory part of an absolute path. */
export function parentDir(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** tcprules' grants for `tcprules rules.cdb rules.tmp`. */
export function tcprulesGrants(ctx: GrantContext): Grants {
  const [cdb, tmp] = ctx.args;
  if (!cdb || !tmp) return {};
  const files = [absolutePath(ctx.cwd, cdb), absolutePath(ctx.cwd, tmp)];
  return { read: [...files, parentDir(files[0])], write: files };
}
