/**
 * qmail-remote: send mail via SMTP (qmail-remote(8)). `qmail-remote host
 * sender recip [recip …]` with the message on stdin; the report (recipient
 * reports `r`/`h`/`s`, then `K`/`Z`/`D`, each ending in a 0 byte) on
 * stdout; always exit 0. One connection carries every recipient.
 *
 * @module
 */

import { writeAll } from "../lib/cli/output.ts";
import { qmailHome } from "../lib/paths.ts";
import { ControlUnreadable, loadRemoteContext } from "../lib/remote/context.ts";
import { remoteDeliver } from "../lib/remote/deliver.ts";
import { formatReport, messageOnly, type RemoteReport, TEXT } from "../lib/remote/report.ts";
import { latin1ToBytes } from "../lib/text/latin1.ts";

async function readStdin(): Promise<Uint8Array> {
  return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
}

async function run(args: string[]): Promise<RemoteReport> {
  if (args.length < 3) return messageOnly("D", TEXT.usage);
  const [host, sender, ...recipients] = args;
  let ctx;
  try {
    ctx = loadRemoteContext(qmailHome());
  } catch (e) {
    if (e instanceof ControlUnreadable) return messageOnly("Z", TEXT.control);
    throw e;
  }
  let message: Uint8Array;
  try {
    message = await readStdin();
  } catch {
    return messageOnly("Z", TEXT.read);
  }
  return await remoteDeliver({ host, sender, recipients, message }, ctx);
}

/** Delivers and prints the report. */
export async function main(args: string[]): Promise<number> {
  let report: RemoteReport;
  try {
    report = await run(args);
  } catch {
    report = messageOnly("Z", TEXT.oserr);
  }
  try {
    await writeAll(Deno.stdout, latin1ToBytes(formatReport(report)));
  } catch { /* qmail-remote exits 0 even when its output is gone */ }
  return 0;
}
