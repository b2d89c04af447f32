/**
 * The system aliases every qmail installation needs (install guide: postmaster,
 * mailer-daemon, root, abuse), as files in ~alias: `.qmail-postmaster` …
 * each forwarding to the administrator (`&user` or `&user@host`).
 *
 * @module
 */

/** The aliases, as the install guide lists them. */
export const SYSTEM_ALIASES = ["postmaster", "mailer-daemon", "root", "abuse"] as const;

/**
 * The dot-qmail line forwarding to `admin`, or undefined when `admin` is not a
 * plain user name or address.
 *
 * @example
 * ```ts
 * aliasLine("dave"); // "&dave\n"
 * ```
 */
export function aliasLine(admin: string): string | undefined {
  const a = admin.trim();
  if (!/^[A-Za-z0-9._+=-]+(@[A-Za-z0-9.-]+)?$/.test(a)) return undefined;
  return `&${a}\n`;
}

/** Writes the aliases that do not exist yet (mode 644); returns the files written. */
export function writeAliases(aliasDir: string, admin: string): string[] {
  const line = aliasLine(admin);
  if (!line) throw new Error(`not a user name or address: ${admin}`);
  const made: string[] = [];
  for (const a of SYSTEM_ALIASES) {
    const path = `${aliasDir}/.qmail-${a}`;
    try {
      Deno.writeTextFileSync(path, line, { createNew: true, mode: 0o644 });
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) continue;
      throw e;
    }
    Deno.chmodSync(path, 0o644);
    made.push(path);
  }
  return made;
}

/** The aliases missing from `aliasDir`. */
export function missingAliases(aliasDir: string): string[] {
  return SYSTEM_ALIASES.filter((a) => {
    try {
      Deno.lstatSync(`${aliasDir}/.qmail-${a}`);
      return false;
    } catch {
      return true;
    }
  });
}
