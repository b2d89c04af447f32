/**
 * getpwnam/getgrnam from /etc/passwd and /etc/group, and qmail's own
 * accounts as the tree records them in conf-users and conf-groups (the files
 * qmail's build reads; here they are read at run time).
 *
 * @module
 */

import { readOptional } from "../io/read_optional.ts";

/** One /etc/passwd entry. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** Parses /etc/passwd text. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f.length < 7 || f[0].startsWith("#")) continue;
    out.push({
      name: f[0],
      uid: Number(f[2]),
      gid: Number(f[3]),
      gecos: f[4],
      home: f[5],
      shell: f[6],
    });
  }
  return out;
}

/** Reads /etc/passwd (or another file in its format). */
export function readPasswd(path = "/etc/passwd"): PasswdEntry[] {
  return parsePasswd(Deno.readTextFileSync(path));
}

/** Reads /etc/group into a name → gid map. */
export function readGroups(path = "/etc/group"): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of Deno.readTextFileSync(path).split("\n")) {
    const f = line.split(":");
    if (f.length >= 3 && !f[0].startsWith("#")) out.set(f[0], Number(f[2]));
  }
  return out;
}

/** qmail's roles, in conf-users order. */
export const USER_ROLES = [
  "alias",
  "qmaild",
  "qmaill",
  "root",
  "qmailp",
  "qmailq",
  "qmailr",
  "qmails",
] as const;
export type UserRole = typeof USER_ROLES[number];

/** qmail's groups, in conf-groups order. */
export const GROUP_ROLES = ["qmail", "nofiles"] as const;
export type GroupRole = typeof GROUP_ROLES[number];

/** The account names a tree uses for each role. */
export interface TreeAccounts {
  users: Record<UserRole, string>;
  groups: Record<GroupRole, string>;
  /** True when every role is the same user: a tree made by `install --single-user`. */
  singleUser: boolean;
}

function firstLines(text: string | undefined, n: number): string[] | undefined {
  if (text === undefined) return undefined;
  const lines = text.split("\n").slice(0, n).map((l) => l.trim());
  return lines.length === n && lines.every((l) => l !== "") ? lines : undefined;
}

/** Formats conf-users: one name per role line, then a note (as qmail's file). */
export function formatConfUsers(users: Record<UserRole, string>): string {
  return USER_ROLES.map((r) => users[r]).join("\n") +
    "\n\nThe first eight lines are the alias user, the daemon user, the log user,\n" +
    "the owner of miscellaneous files, the passwd user, the queue user, the\n" +
    "remote user, and the send user (qmail's conf-users order).\n";
}

/** Formats conf-groups: the qmail group, then the group with no files. */
export function formatConfGroups(groups: Record<GroupRole, string>): string {
  return `${groups.qmail}\n${groups.nofiles}\n\nThe qmail group, then a group owning no files.\n`;
}

/**
 * The tree's accounts from QMAILHOME/conf-users and conf-groups, falling back
 * to qmail's standard names when the files are absent.
 */
export function treeAccounts(home: string): TreeAccounts {
  const u = firstLines(readOptional(`${home}/conf-users`), USER_ROLES.length) ?? [...USER_ROLES];
  const g = firstLines(readOptional(`${home}/conf-groups`), GROUP_ROLES.length) ??
    [...GROUP_ROLES];
  const users = Object.fromEntries(USER_ROLES.map((r, i) => [r, u[i]])) as Record<
    UserRole,
    string
  >;
  const groups = Object.fromEntries(GROUP_ROLES.map((r, i) => [r, g[i]])) as Record<
    GroupRole,
    string
  >;
  return { users, groups, singleUser: new Set(u).size === 1 };
}
