/**
 * Creating qmail's users and groups as qmail's INSTALL.ids does (Linux
 * useradd/groupadd), optionally with a name prefix so tests can make
 * throwaway accounts (`qmt` + role).
 *
 * @module
 */

import {
  GROUP_ROLES,
  type GroupRole,
  readGroups,
  readPasswd,
  USER_ROLES,
  type UserRole,
} from "../ids/accounts.ts";

/** The account names for a system install with an optional prefix ("root" stays root). */
export function systemAccountNames(prefix = ""): {
  users: Record<UserRole, string>;
  groups: Record<GroupRole, string>;
} {
  const users = Object.fromEntries(
    USER_ROLES.map((r) => [r, r === "root" ? "root" : `${prefix}${r}`]),
  ) as Record<UserRole, string>;
  const groups = Object.fromEntries(GROUP_ROLES.map((g) => [g, `${prefix}${g}`])) as Record<
    GroupRole,
    string
  >;
  return { users, groups };
}

async function run(cmd: string, args: string[]): Promise<void> {
  const r = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!r.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(r.stderr).trim()}`);
  }
}

/** The group each user role belongs to (INSTALL.ids). */
const PRIMARY_GROUP: Record<Exclude<UserRole, "root">, GroupRole> = {
  alias: "nofiles",
  qmaild: "nofiles",
  qmaill: "nofiles",
  qmailp: "nofiles",
  qmailq: "qmail",
  qmailr: "qmail",
  qmails: "qmail",
};

/**
 * Creates the groups and users that do not exist yet; returns what it made.
 * Home directories: QMAILHOME, and QMAILHOME/alias for the alias user.
 */
export async function createAccounts(
  home: string,
  names: { users: Record<UserRole, string>; groups: Record<GroupRole, string> },
): Promise<string[]> {
  const made: string[] = [];
  const groups = readGroups();
  for (const g of GROUP_ROLES) {
    if (groups.has(names.groups[g])) continue;
    await run("groupadd", ["--system", names.groups[g]]);
    made.push(`group ${names.groups[g]}`);
  }
  const users = new Set(readPasswd().map((p) => p.name));
  for (const role of USER_ROLES) {
    if (role === "root" || users.has(names.users[role])) continue;
    const dir = role === "alias" ? `${home}/alias` : home;
    const group = names.groups[PRIMARY_GROUP[role]];
    await run("useradd", [
      "--system",
      "--no-create-home",
      "--home-dir",
      dir,
      "--gid",
      group,
      "--shell",
      "/usr/sbin/nologin",
      names.users[role],
    ]);
    made.push(`user ${names.users[role]}`);
  }
  return made;
}
