/**
 * Reading a file that may be absent.
 *
 * @module
 */

/** The text of `path`, or undefined when it does not exist; other errors are thrown. */
export function readOptional(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}
