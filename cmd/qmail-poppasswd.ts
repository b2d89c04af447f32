/**
 * qmail-poppasswd: manage checkpassword's password file (QMAILHOME/control/
 * poppasswd, or CHECKPASSWORD_FILE). The password is read from the first line
 * of stdin, so it never appears in a process listing.
 *
 * ```
 * echo 'pw' | qmail-poppasswd set [-b] [-a] name [uid gid home [shell]]
 * qmail-poppasswd delete name
 * qmail-poppasswd list
 * ```
 *
 * `-b` hashes with bcrypt instead of SHA-512-crypt; `-a` also stores the
 * password as the APOP secret (in clear: see lib/auth/passwd_file.ts).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { die, usage } from "../lib/cli/exit.ts";
import { qmailHome } from "../lib/paths.ts";
import { makeHash } from "../lib/auth/hash.ts";
import { parsePasswdFile, type PasswdFileEntry } from "../lib/auth/passwd_file.ts";
import { deleteEntry, setEntry } from "../lib/auth/passwd_edit.ts";

const USAGE = "qmail-poppasswd set [-b] [-a] name [uid gid home [shell]] | delete name | list";
const ME = "qmail-poppasswd";

/** The password file this program edits. */
export function passwdFilePath(home: string, env: (n: string) => string | undefined): string {
  return env("CHECKPASSWORD_FILE") || `${home}/control/poppasswd`;
}

function readText(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    die(111, ME, `unable to read ${path}: ${e instanceof Error ? e.message : e}`);
  }
}

/** Replaces the file atomically, mode 600 (it holds hashes and maybe APOP secrets). */
function writeText(path: string, text: string): void {
  const tmp = `${path}.tmp${Deno.pid}`;
  try {
    Deno.writeTextFileSync(tmp, text, { mode: 0o600 });
    Deno.chmodSync(tmp, 0o600);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* not made */ }
    die(111, ME, `unable to write ${path}: ${e instanceof Error ? e.message : e}`);
  }
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const c of Deno.stdin.readable) chunks.push(c);
  const all = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  return all.split("\n")[0].replace(/\r$/, "");
}

/** Runs the command; 0 on success, 100 for bad usage, 111 for a file problem. */
export async function main(args: string[]): Promise<number> {
  const path = passwdFilePath(qmailHome(), (n) => Deno.env.get(n));
  const [command, ...rest] = args;
  if (command === "list") {
    for (const name of parsePasswdFile(readText(path)).keys()) console.log(name);
    return 0;
  }
  if (command === "delete" && rest.length === 1) {
    const r = deleteEntry(readText(path), rest[0]);
    if (!r.found) die(100, ME, `no such name: ${rest[0]}`);
    writeText(path, r.text);
    return 0;
  }
  if (command !== "set") usage(ME, USAGE);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { b: { type: "boolean" }, a: { type: "boolean" } },
    allowPositionals: true,
  });
  const [name, uid, gid, home, shell] = positionals;
  if (!name || (uid !== undefined && (gid === undefined || home === undefined))) usage(ME, USAGE);
  for (const id of [uid, gid]) if (id !== undefined && !/^[0-9]+$/.test(id)) usage(ME, USAGE);
  const password = await firstLineOfStdin();
  if (password === "") die(100, ME, "no password on stdin");
  const entry: PasswdFileEntry = {
    name,
    hash: await makeHash(password, values.b ? "bcrypt" : "sha512"),
    ...(uid !== undefined ? { uid: Number(uid), gid: Number(gid), home } : {}),
    ...(shell ? { shell } : {}),
    ...(values.a ? { apop: password } : {}),
  };
  try {
    writeText(path, setEntry(readText(path), entry));
  } catch (e) {
    if (e instanceof Error && /may not hold/.test(e.message)) die(100, ME, e.message);
    throw e;
  }
  return 0;
}
