/**
 * splogger(8): `splogger [ tag [ fac ] ]` reads lines on stdin and logs each
 * to syslog with a numerical time stamp, as qmail's rc does with
 * `qmail-start ./Mailbox splogger qmail`. The rules are in
 * lib/syslog/splogger.ts; the dispatcher writes to /dev/log.
 *
 * @module
 */

import { scanUlong } from "../lib/net/getopt.ts";
import { syslog } from "../lib/sandbox/host.ts";
import { MAIL_FACILITY, SploggerLines, syslogDatagram } from "../lib/syslog/splogger.ts";

/** Logs stdin's lines until EOF; always 0, as splogger. */
export async function main(args: string[]): Promise<number> {
  const tag = args[0] ?? "splogger";
  const facility = args.length > 1 ? scanUlong(args[1]) : MAIL_FACILITY;
  const lines = new SploggerLines();
  for await (const chunk of Deno.stdin.readable) {
    const entries = lines.push(chunk);
    if (entries.length === 0) continue;
    const now = new Date();
    await syslog(entries.map((e) => syslogDatagram(e, tag, facility, now)));
  }
  return 0;
}
