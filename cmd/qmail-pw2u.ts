/**
 * qmail-pw2u: build address assignments from a passwd file (qmail-pw2u(8)).
 * Reads a V7 passwd file on stdin and prints users/assign lines, obeying
 * QMAILHOME/users/include, exclude, mailnames, subusers and append.
 *
 * @module
 */

import { die } from "../lib/cli/exit.ts";
import { writeAll } from "../lib/cli/output.ts";
import { readControlLines } from "../lib/control/read.ts";
import { treeAccounts } from "../lib/ids/accounts.ts";
import { qmailHome } from "../lib/paths.ts";
import { bytesToLatin1, latin1ToBytes } from "../lib/text/latin1.ts";
import { parsePw2uArgs, pw2u, Pw2uError, type Pw2uFiles } from "../lib/users/pw2u.ts";

function readRaw(path: string): string | undefined {
  try {
    return bytesToLatin1(Deno.readFileSync(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

function homeOwner(home: string): number | "missing" {
  try {
    return Deno.statSync(home).uid ?? 0;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "missing";
    throw e;
  }
}

/** Runs qmail-pw2u. */
export async function main(args: string[]): Promise<number> {
  const o = parsePw2uArgs(args);
  if (!o) return 100;
  const home = qmailHome();
  try {
    Deno.statSync(home);
  } catch {
    die(111, "qmail-pw2u", "fatal: unable to chdir");
  }
  const users = `${home}/users`;
  let files: Pw2uFiles;
  try {
    files = {
      include: readControlLines(`${users}/include`),
      exclude: readControlLines(`${users}/exclude`),
      mailnames: readControlLines(`${users}/mailnames`),
      subusers: readRaw(`${users}/subusers`),
      append: readRaw(`${users}/append`),
    };
  } catch {
    die(111, "qmail-pw2u", "fatal: unable to read controls");
  }
  let input: string;
  try {
    input = bytesToLatin1(new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer()));
  } catch {
    die(111, "qmail-pw2u", "fatal: unable to read input");
  }
  let text: string;
  try {
    text = pw2u(input, o, files, homeOwner, treeAccounts(home).users.alias);
  } catch (e) {
    if (e instanceof Pw2uError) die(111, "qmail-pw2u", `fatal: ${e.message}`);
    throw e;
  }
  try {
    await writeAll(Deno.stdout, latin1ToBytes(text));
  } catch {
    die(111, "qmail-pw2u", "fatal: unable to write output");
  }
  return 0;
}
