/**
 * The permissions of `qmail install`, from its arguments: the tree; in a
 * system install also the unit directory, the sendmail paths (with
 * --replace-sendmail) and systemctl (with --enable). With `--root DIR` all of
 * that is inside DIR.
 *
 * @module
 */

import { BASE_ENV, type GrantContext, type Grants } from "../sandbox/grants.ts";
import { SENDMAIL_PATHS } from "./sendmail_links.ts";

/** The value of `--name VALUE` or `--name=VALUE` in `args`. */
export function optionValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** `--root DIR` made absolute, without a trailing slash ("" when absent). */
export function installRoot(args: string[], cwd: string): string {
  const r = optionValue(args, "root");
  if (!r) return "";
  const abs = r.startsWith("/") ? r : `${cwd}/${r}`;
  return abs.replace(/\/+$/, "");
}

/** install's grants. */
export function installGrants(ctx: GrantContext): Grants {
  const root = installRoot(ctx.args, ctx.cwd);
  const system = !ctx.args.includes("--single-user");
  const tree = `${root}${ctx.home}`;
  const paths = [tree];
  if (system && root) paths.push(root);
  else if (system) {
    if (!ctx.args.includes("--no-units")) paths.push("/etc/systemd/system");
    if (ctx.args.includes("--replace-sendmail")) {
      paths.push(...SENDMAIL_PATHS.flatMap((p) => [p, `${p}.old`]));
    }
  }
  return {
    read: [...paths, "/etc/passwd", "/etc/group"],
    write: paths,
    // qmail's users and groups are made by the system's own tools (root only).
    run: [
      "mkfifo",
      "useradd",
      "groupadd",
      "ln",
      ...(ctx.args.includes("--enable") ? ["systemctl"] : []),
    ],
    env: [...BASE_ENV, "QMAIL_SELF", "USER", "LOGNAME"],
    sys: ["uid", "gid"],
  };
}
