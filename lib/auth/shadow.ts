/**
 * The system's password hashes (/etc/shadow, shadow(5)): the second field of
 * the line of each name.
 *
 * @module
 */

/**
 * Parses shadow(5) text into a name → hash map.
 *
 * @example
 * ```ts
 * parseShadow("joe:$6$s$h:19000:0:99999:7:::\n").get("joe"); // "$6$s$h"
 * ```
 */
export function parseShadow(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f.length >= 2 && f[0] !== "" && !f[0].startsWith("#") && !out.has(f[0])) {
      out.set(f[0], f[1]);
    }
  }
  return out;
}
