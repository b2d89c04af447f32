/**
 * Building (or repairing) a qmail tree: accounts, hier.c's directories and
 * files with their owners and modes, conf-users/conf-groups, and bin/ links.
 * Safe to run again: what exists is kept, only owners and modes are reset.
 *
 * @module
 */

import {
  formatConfGroups,
  formatConfUsers,
  GROUP_ROLES,
  type GroupRole,
  readGroups,
  readPasswd,
  USER_ROLES,
  type UserRole,
} from "../ids/accounts.ts";
import { hier } from "./hier.ts";
import { createAccounts, systemAccountNames } from "./accounts_setup.ts";
import { installLinks } from "./links.ts";

/** How to install. */
export interface TreeOptions {
  /** Everything owned by and run as the caller; no root needed. */
  singleUser: boolean;
  /** Prefix for the account names of a system install (tests use `qmt`). */
  userPrefix: string;
  /** The accounts' home as the installed system sees it (install --root); default `home`. */
  accountHome?: string;
}

type Names = { users: Record<UserRole, string>; groups: Record<GroupRole, string> };

function callerNames(): Names {
  const uid = Deno.uid() ?? 0;
  const me = readPasswd().find((p) => p.uid === uid);
  if (!me) throw new Error(`uid ${uid} is not in /etc/passwd`);
  const group = [...readGroups()].find(([, gid]) => gid === me.gid)?.[0];
  if (!group) throw new Error(`gid ${me.gid} is not in /etc/group`);
  return {
    users: Object.fromEntries(USER_ROLES.map((r) => [r, me.name])) as Names["users"],
    groups: Object.fromEntries(GROUP_ROLES.map((g) => [g, group])) as Names["groups"],
  };
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function mkfifo(path: string): Promise<void> {
  const r = await new Deno.Command("mkfifo", { args: [path], stderr: "piped" }).output();
  if (!r.success) throw new Error(`mkfifo ${path}: ${new TextDecoder().decode(r.stderr).trim()}`);
}

function checkConf(path: string, text: string): void {
  if (!exists(path)) return Deno.writeTextFileSync(path, text, { mode: 0o644 });
  const old = Deno.readTextFileSync(path).split("\n\n")[0];
  if (old !== text.split("\n\n")[0]) {
    throw new Error(`${path} names other accounts; remove it to reinstall with new ones`);
  }
}

/** Installs the tree at `home`; returns lines describing what was done. */
export async function installTree(home: string, opts: TreeOptions): Promise<string[]> {
  const root = (Deno.uid() ?? 0) === 0;
  const log: string[] = [];
  let names: Names;
  if (opts.singleUser) names = callerNames();
  else {
    if (!root) throw new Error("a system tree needs root; use --single-user for a private one");
    names = systemAccountNames(opts.userPrefix);
    Deno.mkdirSync(home, { recursive: true });
    for (const m of await createAccounts(opts.accountHome ?? home, names)) log.push(`created ${m}`);
  }
  const uidOf = new Map(readPasswd().map((p) => [p.name, p.uid]));
  const gidOf = readGroups();
  const owner = (role: UserRole) => uidOf.get(names.users[role])!;
  const group = (role: GroupRole) => gidOf.get(names.groups[role])!;

  for (const e of hier()) {
    const path = e.path ? `${home}/${e.path}` : home;
    if (!exists(path)) {
      if (e.kind === "dir") Deno.mkdirSync(path, { recursive: e.path === "" });
      else if (e.kind === "file") Deno.writeFileSync(path, new Uint8Array(e.size ?? 0));
      else await mkfifo(path);
    }
    if (root && !opts.singleUser) Deno.chownSync(path, owner(e.user), group(e.group));
    Deno.chmodSync(path, e.mode);
  }
  checkConf(`${home}/conf-users`, formatConfUsers(names.users));
  checkConf(`${home}/conf-groups`, formatConfGroups(names.groups));
  log.push(`installed the qmail tree in ${home}`);
  const self = Deno.env.get("QMAIL_SELF");
  if (self) {
    const made = await installLinks(`${home}/bin`, self);
    log.push(`linked ${made.length} programs in ${home}/bin`);
  }
  const mode = opts.singleUser
    ? `single-user (everything runs as ${names.users.qmailq})`
    : "system";
  log.push(`mode: ${mode}; next: QMAILHOME=${home} qmail config-fast $(hostname --fqdn)`);
  return log;
}
