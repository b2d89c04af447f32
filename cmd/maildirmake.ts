/**
 * maildirmake: create a maildir (maildirmake(1)): `name` and its tmp, new
 * and cur subdirectories, mode 700.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { errorText } from "../lib/qread/errstr.ts";

/** Runs maildirmake. */
export function main(args: string[]): Promise<number> {
  const name = args[0];
  if (name === undefined) usage("maildirmake", "maildirmake name");
  const mk = (path: string, shown: string) => {
    try {
      Deno.mkdirSync(path, { mode: 0o700 });
      Deno.chmodSync(path, 0o700); // umask 077 in qmail: exactly 700
    } catch (e) {
      die(111, "maildirmake", `fatal: unable to mkdir ${shown}: ${errorText(e)}`);
    }
  };
  mk(name, name);
  for (const sub of ["tmp", "new", "cur"]) mk(`${name}/${sub}`, `${name}/${sub}`);
  return Promise.resolve(0);
}
