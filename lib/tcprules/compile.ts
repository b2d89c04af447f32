/**
 * tcprules' output step: the records go into a temporary cdb that is then
 * fsynced and renamed over the database, so a running tcpserver sees the old
 * rules or the new ones, never a mixture (tcprules(1)).
 *
 * @module
 */

import { CdbWriter } from "../cdb/writer.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import type { RuleRecord } from "./parse.ts";

/** A failure while writing, with tcprules' wording of which step failed. */
export class RulesWriteError extends Error {
  constructor(message: string, cause: unknown) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RulesWriteError";
  }
}

/**
 * Writes `records` to `tmpPath` as a cdb and moves it to `cdbPath`. Throws
 * RulesWriteError; the database is left alone on any failure.
 *
 * @example
 * ```ts
 * writeRulesCdb("/etc/tcp.smtp.cdb", "/etc/tcp.smtp.tmp", parseRules(":allow\n"));
 * ```
 */
export function writeRulesCdb(cdbPath: string, tmpPath: string, records: RuleRecord[]): void {
  let w: CdbWriter;
  try {
    w = CdbWriter.create(cdbPath, { tmpPath });
  } catch (e) {
    throw new RulesWriteError(`unable to create ${tmpPath}`, e);
  }
  try {
    for (const r of records) w.add(latin1ToBytes(r.key), latin1ToBytes(r.data));
  } catch (e) {
    w.abort();
    throw new RulesWriteError(`unable to write to ${tmpPath}`, e);
  }
  try {
    w.finish();
  } catch (e) {
    const moving = e instanceof Error && /rename/.test(e.message);
    throw new RulesWriteError(
      moving ? `unable to move ${tmpPath} to ${cdbPath}` : `unable to write to ${tmpPath}`,
      e,
    );
  }
}
