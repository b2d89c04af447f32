/**
 * checkpassword's password file, `QMAILHOME/control/poppasswd` unless
 * `CHECKPASSWORD_FILE` names another. One account per line, fields separated
 * by colons as in /etc/passwd:
 *
 * ```
 * # name:hash:uid:gid:home:shell:apop-secret
 * joe:$6$Qh1…$Zt…::::
 * ann:$2b$10$…:2001:2001:/srv/mail/ann:/usr/sbin/nologin:
 * bob:*:::::an APOP secret, may hold : colons
 * ```
 *
 * - `hash`: `$6$` (SHA-512-crypt), `$5$` (SHA-256-crypt) or `$2a$/$2b$/$2y$`
 *   (bcrypt); `*` or `!` (anything else) lets no USER/PASS login in.
 * - `uid`, `gid`, `home`, `shell`: may be empty, and are then those of the
 *   system account of the same name (/etc/passwd); an account with neither
 *   is refused. `shell` defaults to /bin/sh.
 * - `apop-secret`: optional, the rest of the line. APOP needs the shared
 *   secret itself (RFC 1939 section 7: the digest is MD5 of the timestamp
 *   and the secret), so it is stored in clear: keep the file mode 600. With
 *   a secret, USER/PASS also accepts the secret as the password.
 *
 * Blank lines and lines starting with `#` are ignored.
 *
 * @module
 */

/** One line of the password file. */
export interface PasswdFileEntry {
  name: string;
  hash: string;
  uid?: number;
  gid?: number;
  home?: string;
  shell?: string;
  apop?: string;
}

const ID = /^[0-9]+$/;

/** Parses the file's text; malformed lines are skipped and reported through `bad`. */
export function parsePasswdFile(
  text: string,
  bad: (lineNumber: number) => void = () => {},
): Map<string, PasswdFileEntry> {
  const out = new Map<string, PasswdFileEntry>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line === "" || line.startsWith("#")) return;
    const f = line.split(":");
    if (f.length < 2 || f[0] === "" || out.has(f[0])) return bad(i + 1);
    const [name, hash, uid = "", gid = "", home = "", shell = ""] = f;
    if ((uid !== "" && !ID.test(uid)) || (gid !== "" && !ID.test(gid))) return bad(i + 1);
    const apop = f.length > 6 ? f.slice(6).join(":") : "";
    out.set(name, {
      name,
      hash,
      ...(uid !== "" ? { uid: Number(uid) } : {}),
      ...(gid !== "" ? { gid: Number(gid) } : {}),
      ...(home !== "" ? { home } : {}),
      ...(shell !== "" ? { shell } : {}),
      ...(apop !== "" ? { apop } : {}),
    });
  });
  return out;
}

/**
 * One entry as a line of the file (without the newline).
 *
 * @example
 * ```ts
 * formatPasswdLine({ name: "joe", hash: "$6$s$h" }); // "joe:$6$s$h:::::"
 * ```
 */
export function formatPasswdLine(e: PasswdFileEntry): string {
  for (const v of [e.name, e.hash, e.home ?? "", e.shell ?? ""]) {
    if (/[:\n\0]/.test(v)) throw new Error(`a field may not hold ':' or a newline: ${v}`);
  }
  if (e.apop !== undefined && /[\n\0]/.test(e.apop)) {
    throw new Error("the APOP secret may not hold a newline");
  }
  return [e.name, e.hash, e.uid ?? "", e.gid ?? "", e.home ?? "", e.shell ?? "", e.apop ?? ""]
    .join(":");
}
