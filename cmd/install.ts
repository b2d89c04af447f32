/**
 * `qmail install`: creates the tree at QMAILHOME with qmail's directories,
 * queue, owners and modes (hier.c), qmail's users and groups when run as
 * root, bin/ links to this executable, and conf-users/conf-groups naming the
 * accounts. `--single-user` makes a tree owned by and run as the caller.
 * A system install also writes control/defaultdelivery, tcp.smtp, the system
 * aliases (`--admin USER`, asked for on a terminal) and the systemd units
 * (for /var/qmail or under --root, else with `--units`; `--enable` enables
 * them); `--replace-sendmail` links /usr/sbin/sendmail and
 * /usr/lib/sendmail to qmail's. `--root DIR` installs all of it under DIR.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { die, usage } from "../lib/cli/exit.ts";
import { defaultHome, qmailHome } from "../lib/paths.ts";
import { installTree, type TreeOptions } from "../lib/install/tree.ts";
import { installRoot } from "../lib/install/grants.ts";
import { aliasLine, missingAliases } from "../lib/install/aliases.ts";
import { systemAccountNames } from "../lib/install/accounts_setup.ts";

const USAGE = "install [ --single-user ] [ --user-prefix PREFIX ] [ --root DIR ] " +
  "[ --admin USER ] [ --defaultdelivery ./Maildir/ ] [ --units | --no-units ] [ --enable ] " +
  "[ --replace-sendmail ]";

interface Options extends TreeOptions {
  root: string;
  admin?: string;
  defaultDelivery: string;
  units?: boolean;
  enable: boolean;
  replaceSendmail: boolean;
}

function parse(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      "single-user": { type: "boolean", default: false },
      "user-prefix": { type: "string", default: "" },
      "root": { type: "string" },
      "admin": { type: "string" },
      "defaultdelivery": { type: "string", default: "./Maildir/" },
      "units": { type: "boolean" },
      "no-units": { type: "boolean" },
      "enable": { type: "boolean", default: false },
      "replace-sendmail": { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    singleUser: values["single-user"]!,
    userPrefix: values["user-prefix"]!,
    root: installRoot(args, Deno.cwd()),
    admin: values.admin,
    defaultDelivery: values.defaultdelivery!,
    units: values["no-units"] ? false : values.units,
    enable: values.enable!,
    replaceSendmail: values["replace-sendmail"]!,
  };
}

/** Asks for the administrator on a terminal when aliases are missing. */
function askAdmin(aliasDir: string): string | undefined {
  if (!Deno.stdin.isTerminal() || missingAliases(aliasDir).length === 0) return undefined;
  const a = prompt(
    "Who gets mail for postmaster, mailer-daemon, root and abuse (user or address)?",
  );
  return a && aliasLine(a) ? a.trim() : undefined;
}

/** Installs the tree; 100 on bad usage, 111 on failure. */
export async function main(args: string[]): Promise<number> {
  let o: Options;
  try {
    o = parse(args);
  } catch {
    usage("install", USAGE);
  }
  if (o.userPrefix && !/^[a-z_][a-z0-9_-]*$/.test(o.userPrefix)) usage("install", USAGE);
  if (o.admin !== undefined && !aliasLine(o.admin)) usage("install", USAGE);
  if (o.singleUser && (o.enable || o.replaceSendmail || o.units)) usage("install", USAGE);
  if (o.enable && o.units === false) usage("install", USAGE);
  const home = qmailHome();
  const tree = `${o.root}${home}`;
  try {
    for (const line of await installTree(tree, { ...o, accountHome: home })) console.log(line);
    if (!o.singleUser) {
      const { finishSystemInstall } = await import("../lib/install/system.ts");
      const admin = o.admin ?? askAdmin(`${tree}/alias`);
      const lines = await finishSystemInstall({
        root: o.root,
        home,
        qmaild: systemAccountNames(o.userPrefix).users.qmaild,
        admin,
        defaultDelivery: o.defaultDelivery,
        // Units for the system's tree, or on request: a test tree elsewhere leaves /etc alone.
        units: o.units ?? (o.root !== "" || home === defaultHome),
        enable: o.enable,
        replaceSendmail: o.replaceSendmail,
      });
      for (const line of lines) console.log(line);
    }
  } catch (e) {
    die(111, "install", `fatal: ${e instanceof Error ? e.message : e}`);
  }
  return 0;
}
