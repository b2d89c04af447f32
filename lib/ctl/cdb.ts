/**
 * qmailctl cdb: compiles each tcpserver rules file in QMAILHOME/control
 * (tcp.smtp, tcp.pop3, tcp.smtp-587 …: every `tcp.*` but `*.cdb` and
 * `*.tmp`) into `<file>.cdb`, mode 644, as the install guide's
 * `tcprules tcp.smtp.cdb tcp.smtp.tmp < tcp.smtp; chmod 644 tcp.smtp.cdb`.
 * tcpserver opens the database for each connection, so no signal is needed.
 *
 * @module
 */

import { parseRules } from "../tcprules/parse.ts";
import { writeRulesCdb } from "../tcprules/compile.ts";
import { bytesToLatin1 } from "../text/latin1.ts";
import type { Say } from "./backend.ts";

/** The rules sources in `control`, sorted. */
export function rulesSources(control: string): string[] {
  let names: string[];
  try {
    names = [...Deno.readDirSync(control)].filter((e) => e.isFile).map((e) => e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return names.filter((n) => /^tcp\.[^.]/.test(n) && !/\.(cdb|tmp)$/.test(n)).sort();
}

/** Compiles every rules file; false when one failed (the others are still done). */
export function rebuildRules(home: string, say: Say): boolean {
  const control = `${home}/control`;
  const sources = rulesSources(control);
  if (sources.length === 0) {
    say.err(`No ${control}/tcp.smtp: nothing to compile`);
    return false;
  }
  let ok = true;
  for (const name of sources) {
    const src = `${control}/${name}`;
    try {
      const records = parseRules(bytesToLatin1(Deno.readFileSync(src)));
      writeRulesCdb(`${src}.cdb`, `${src}.tmp`, records);
      Deno.chmodSync(`${src}.cdb`, 0o644);
      say.out(`Reloaded ${src}.`);
    } catch (e) {
      say.err(`${src}: ${e instanceof Error ? e.message : e}`);
      ok = false;
    }
  }
  return ok;
}
