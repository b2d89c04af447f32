/**
 * Changes to checkpassword's password file that keep everything else in it
 * (comments, order, other accounts) as it was.
 *
 * @module
 */

import { formatPasswdLine, type PasswdFileEntry } from "./passwd_file.ts";

/**
 * The file's text with `entry` replacing the line of the same name, or added at the end.
 *
 * @example
 * ```ts
 * setEntry("# accounts\n", { name: "joe", hash: "$6$s$h" }); // "# accounts\njoe:$6$s$h:::::\n"
 * ```
 */
export function setEntry(text: string, entry: PasswdFileEntry): string {
  const line = formatPasswdLine(entry);
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const at = lines.findIndex((l) => l.split(":")[0] === entry.name && !l.startsWith("#"));
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  return lines.join("\n") + "\n";
}

/** The file's text without the line of `name`, and whether there was one. */
export function deleteEntry(text: string, name: string): { text: string; found: boolean } {
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const kept = lines.filter((l) => l.startsWith("#") || l.split(":")[0] !== name);
  return {
    text: kept.length ? kept.join("\n") + "\n" : "",
    found: kept.length !== lines.length,
  };
}
