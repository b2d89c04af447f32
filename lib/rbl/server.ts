/**
 * rblsmtpd as an in-process server: decide from $RBLSMTPD and the DNS
 * sources, then either hold the limited conversation (logging
 * `rblsmtpd: IP pid N: REPLY` as rblsmtpd does) or run the SMTP server it
 * wraps on the same connection with the same environment.
 *
 * @module
 */

import type { ServerCall } from "../net/inprocess.ts";
import { decide, type RblLookup } from "./decide.ts";
import { rblDialog } from "./dialog.ts";
import { rblLookup } from "./dns.ts";
import { parseRblArgs, RblUsageError } from "./options.ts";
import { ExitError } from "../cli/exit.ts";

/**
 * Serves one connection as rblsmtpd. `lookup` defaults to the system
 * resolver. Throws ExitError (100) for a bad command line.
 *
 * @example
 * ```ts
 * const code = await rblsmtpd(call, fakeDns);
 * ```
 */
export async function rblsmtpd(call: ServerCall, lookup?: RblLookup): Promise<number> {
  let opts;
  try {
    opts = parseRblArgs(call.args);
  } catch (e) {
    if (e instanceof RblUsageError) throw new ExitError(100, `rblsmtpd: ${e.message}`);
    throw e;
  }
  const ip = call.env.TCPREMOTEIP ?? "";
  const decision = await decide({
    ip,
    rblsmtpd: call.env.RBLSMTPD,
    sources: opts.sources,
    lookup: lookup ?? rblLookup(),
  });
  if (!decision.block) return await call.exec(opts.program, call.env);
  call.log(`rblsmtpd: ${ip} pid ${call.id}: ${decision.reply}`);
  await rblDialog(call.input, call.output, decision.reply, opts.timeout);
  return 0;
}

/** The in-process server entry (lib/net/inprocess.ts). */
export function rblsmtpdServer(call: ServerCall): Promise<number> {
  return rblsmtpd(call);
}
