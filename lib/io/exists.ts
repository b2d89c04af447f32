/**
 * Whether a path can be stat'ed.
 *
 * @module
 */

/** Whether `path` exists (following symlinks); any stat error counts as no. */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
