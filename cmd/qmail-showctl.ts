/**
 * qmail-showctl: print the effective configuration (qmail-showctl(8)): the
 * compiled-in settings and the tree's user and group ids, then every control
 * file with its meaning and value, then the files in control/ that no qmail
 * program reads. Exits 111 when control/ cannot be read.
 *
 * @module
 */

import { ExitError } from "../lib/cli/exit.ts";
import { out } from "../lib/cli/output.ts";
import { BREAK, PATRN, SPAWN, SPLIT } from "../lib/control/compiled.ts";
import { Control } from "../lib/control/control.ts";
import { ControlError } from "../lib/control/read.ts";
import { showControls } from "../lib/control/showctl.ts";
import {
  GROUP_ROLES,
  readGroups,
  readPasswd,
  treeAccounts,
  USER_ROLES,
} from "../lib/ids/accounts.ts";
import { qmailHome } from "../lib/paths.ts";

/** The `user ids:` and `group ids:` lines, in qmail's order (conf-users; nofiles, qmail). */
function idLines(home: string): string {
  const acc = treeAccounts(home);
  let users: string;
  let groups: string;
  try {
    const uids = new Map(readPasswd().map((p) => [p.name, p.uid]));
    users = USER_ROLES.map((r) => uids.get(acc.users[r]) ?? `unknown user ${acc.users[r]}`)
      .join(", ");
  } catch (e) {
    users = `Oops! Unable to read /etc/passwd: ${e instanceof Error ? e.message : e}`;
  }
  try {
    const gids = readGroups();
    const order = [GROUP_ROLES[1], GROUP_ROLES[0]]; // qmail prints nofiles first
    groups = order.map((r) => gids.get(acc.groups[r]) ?? `unknown group ${acc.groups[r]}`)
      .join(", ");
  } catch (e) {
    groups = `Oops! Unable to read /etc/group: ${e instanceof Error ? e.message : e}`;
  }
  return `user ids: ${users}.\ngroup ids: ${groups}.\n`;
}

/** Runs qmail-showctl. */
export async function main(_args: string[]): Promise<number> {
  const home = qmailHome();
  await out(
    `qmail home directory: ${home}.\n` +
      `user-ext delimiter: ${BREAK}.\n` +
      `paternalism (in decimal): ${PATRN}.\n` +
      `silent concurrency limit: ${SPAWN}.\n` +
      `subdirectory split: ${SPLIT}.\n` +
      idLines(home),
  );
  let names: string[];
  try {
    names = [...Deno.readDirSync(`${home}/control`)].map((e) => e.name);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    await out(`Oops! Unable to list ${home}/control: ${why}\n`);
    throw new ExitError(111);
  }
  try {
    void new Control(home).me;
  } catch (e) {
    if (!(e instanceof ControlError)) throw e;
    await out("Oops! Unable to read control/me.\n");
    throw new ExitError(111);
  }
  await out(showControls(home, names));
  return 0;
}
