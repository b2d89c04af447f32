/**
 * tcprules(1): compile tcpserver access rules from stdin into a cdb,
 * `tcprules rules.cdb rules.tmp`. Exits 100 on a usage or syntax error, 111
 * on a system error; either way the old database is left alone.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { writeRulesCdb } from "../lib/tcprules/compile.ts";
import { parseRules, RuleSyntaxError } from "../lib/tcprules/parse.ts";
import { bytesToLatin1 } from "../lib/text/latin1.ts";

/** Runs tcprules. */
export async function main(args: string[]): Promise<number> {
  const [cdbPath, tmpPath] = args;
  if (!cdbPath || !tmpPath) usage("tcprules", "tcprules rules.cdb rules.tmp");
  let input: Uint8Array;
  try {
    input = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
  } catch (e) {
    die(111, "tcprules", `fatal: unable to read input: ${e instanceof Error ? e.message : e}`);
  }
  let records;
  try {
    records = parseRules(bytesToLatin1(input));
  } catch (e) {
    if (e instanceof RuleSyntaxError) die(100, "tcprules", `fatal: ${e.message}`);
    throw e;
  }
  try {
    writeRulesCdb(cdbPath, tmpPath, records);
  } catch (e) {
    die(111, "tcprules", `fatal: ${e instanceof Error ? e.message : e}`);
  }
  return 0;
}
