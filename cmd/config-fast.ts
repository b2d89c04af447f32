/**
 * `qmail config-fast FQDN`, as qmail's config-fast script.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { configFast } from "../lib/install/config_fast.ts";
import { qmailHome } from "../lib/paths.ts";

/** Writes the control files for FQDN. */
export function main(args: string[]): Promise<number> {
  const fqdn = args[0];
  if (args.length !== 1 || !fqdn || !/^[^\s/]+$/.test(fqdn)) {
    usage("config-fast", "config-fast FQDN");
  }
  try {
    for (const line of configFast(qmailHome(), fqdn)) console.log(line);
  } catch (e) {
    die(111, "config-fast", `fatal: ${e instanceof Error ? e.message : e}`);
  }
  return Promise.resolve(0);
}
