/**
 * The qmail tree as qmail 1.03's hier.c lays it out: every directory, file
 * and FIFO with its owner role, group role and mode. The queue part follows
 * INTERNALS (split 23), plus denoqmail's maildrop for unprivileged injection.
 *
 * @module
 */

import { SPLIT } from "../queue/layout.ts";
import type { GroupRole, UserRole } from "../ids/accounts.ts";

/** One thing in the tree. */
export interface HierEntry {
  /** Path relative to QMAILHOME ("" is QMAILHOME itself). */
  path: string;
  kind: "dir" | "file" | "fifo";
  user: UserRole;
  group: GroupRole;
  mode: number;
  /** For files: created with this many zero bytes. */
  size?: number;
}

function dir(path: string, user: UserRole, mode: number): HierEntry {
  return { path, kind: "dir", user, group: "qmail", mode };
}

function split(path: string, user: UserRole, mode: number): HierEntry[] {
  const out = [dir(path, user, mode)];
  for (let i = 0; i < SPLIT; i++) out.push(dir(`${path}/${i}`, user, mode));
  return out;
}

/** The whole tree, parents before children. */
export function hier(): HierEntry[] {
  return [
    dir("", "root", 0o755),
    dir("control", "root", 0o755),
    dir("users", "root", 0o755),
    dir("bin", "root", 0o755),
    dir("alias", "alias", 0o2755),
    dir("queue", "qmailq", 0o750),
    dir("queue/pid", "qmailq", 0o700),
    dir("queue/intd", "qmailq", 0o700),
    dir("queue/todo", "qmailq", 0o750),
    dir("queue/bounce", "qmails", 0o700),
    ...split("queue/mess", "qmailq", 0o750),
    ...split("queue/info", "qmails", 0o700),
    ...split("queue/local", "qmails", 0o700),
    ...split("queue/remote", "qmails", 0o700),
    dir("queue/lock", "qmailq", 0o750),
    {
      path: "queue/lock/tcpto",
      kind: "file",
      user: "qmailr",
      group: "qmail",
      mode: 0o644,
      size: 1024,
    },
    {
      path: "queue/lock/sendmutex",
      kind: "file",
      user: "qmails",
      group: "qmail",
      mode: 0o600,
      size: 0,
    },
    { path: "queue/lock/trigger", kind: "fifo", user: "qmails", group: "qmail", mode: 0o622 },
    // denoqmail: unprivileged injection (lib/queue/maildrop.ts) and its wake-up FIFO.
    // Open to all like /tmp (readable, so an injector can fsync it); setgid, so each
    // drop belongs to the qmail group and qmail-pickup can read it at mode 640.
    dir("maildrop", "qmailq", 0o3777),
    { path: "maildrop/.wake", kind: "fifo", user: "qmailq", group: "qmail", mode: 0o622 },
  ];
}
