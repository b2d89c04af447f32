/**
 * The environment of a program delivery (qmail-command(8)): the inherited
 * environment plus USER HOME LOCAL HOST RECIPIENT SENDER NEWSENDER DTLINE
 * RPLINE UFLINE EXT EXT2 EXT3 EXT4 HOST2 HOST3 HOST4 and, for a -default
 * file, DEFAULT. QMAILHOME/bin goes first in PATH, as qmail's rc script
 * arranges (`env - PATH="/var/qmail/bin:$PATH" qmail-start`), so .qmail
 * lines can say `| forward …` or `| preline procmail`.
 *
 * @module
 */

import { extParts, hostParts } from "./lines.ts";

/** What qmail-local knows about one delivery. */
export interface DeliveryVars {
  user: string;
  home: string;
  local: string;
  host: string;
  sender: string;
  newSender: string;
  ext: string;
  dtLine: string;
  rpLine: string;
  ufLine: string;
  /** Unset unless a -default file matched. */
  default?: string;
}

/** The inherited environment, as far as this process may read it. */
export function inheritedEnv(): Record<string, string> {
  try {
    return Deno.env.toObject();
  } catch {
    const path = (() => {
      try {
        return Deno.env.get("PATH");
      } catch {
        return undefined;
      }
    })();
    return { PATH: path ?? "/usr/local/bin:/usr/bin:/bin" };
  }
}

/** PATH with `bin` in front (once). */
export function pathWith(bin: string, path: string | undefined): string {
  const parts = (path ?? "").split(":").filter((p) => p !== "" && p !== bin);
  return [bin, ...parts].join(":");
}

/** The qmail-command environment for `v` on top of `base`. */
export function commandEnv(
  base: Record<string, string>,
  v: DeliveryVars,
  qmailHome: string,
): Record<string, string> {
  const [ext, ext2, ext3, ext4] = extParts(v.ext);
  const [host2, host3, host4] = hostParts(v.host);
  const env: Record<string, string> = {
    ...base,
    PATH: pathWith(`${qmailHome}/bin`, base.PATH),
    QMAILHOME: qmailHome,
    HOST: v.host,
    HOME: v.home,
    USER: v.user,
    LOCAL: v.local,
    RECIPIENT: `${v.local}@${v.host}`,
    DTLINE: v.dtLine,
    SENDER: v.sender,
    RPLINE: v.rpLine,
    UFLINE: v.ufLine,
    EXT: ext,
    EXT2: ext2,
    EXT3: ext3,
    EXT4: ext4,
    HOST2: host2,
    HOST3: host3,
    HOST4: host4,
    NEWSENDER: v.newSender,
  };
  if (v.default === undefined) delete env.DEFAULT;
  else env.DEFAULT = v.default;
  return env;
}
