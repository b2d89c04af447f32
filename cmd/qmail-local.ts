/**
 * qmail-local: deliver or forward a mail message (qmail-local(8)):
 * `qmail-local [ -nN ] user homedir local dash ext domain sender
 * defaultdelivery`, the message on stdin. Prints what qmail-local prints
 * (`did F+W+P`, `qp N`, program output, or the reason it stopped) and exits
 * 0, 100 (permanent) or 111 (temporary).
 *
 * `qmail-local --worker` is the warm per-uid delivery worker that a root
 * qmail-lspawn keeps (lib/local/pool.ts).
 *
 * @module
 */

import { usage } from "../lib/cli/exit.ts";
import { writeAll } from "../lib/cli/output.ts";
import { inheritedEnv } from "../lib/local/environ.ts";
import { forwarder } from "../lib/local/inprocess.ts";
import { qmailLocal } from "../lib/local/local.ts";
import { spoolMessage } from "../lib/local/worker.ts";
import { getopt, GetoptError } from "../lib/net/getopt.ts";
import { qmailHome } from "../lib/paths.ts";
import { latin1ToBytes } from "../lib/text/latin1.ts";

const USAGE = "qmail-local [ -nN ] user homedir local dash ext domain sender aliasempty";

/** Runs qmail-local. */
export async function main(args: string[]): Promise<number> {
  if (args[0] === "--worker" && args.length === 1) {
    const { serveWorker } = await import("../lib/local/worker.ts");
    await serveWorker(qmailHome());
    return 0;
  }
  let parsed;
  try {
    parsed = getopt(args, "nN");
  } catch (e) {
    if (e instanceof GetoptError) usage("qmail-local", USAGE);
    throw e;
  }
  let doit = true;
  for (const { letter } of parsed.options) doit = letter !== "n";
  const rest = parsed.rest;
  if (rest.length !== 8) usage("qmail-local", USAGE);
  const [user, home, local, dash, ext, host, sender, defaultDelivery] = rest;
  const bytes = doit
    ? new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer())
    : new Uint8Array(0);
  const qmail = qmailHome();
  const o = await qmailLocal(
    { user, home, local, dash, ext, host, sender, defaultDelivery, doit },
    { bytes },
    { qmailHome: qmail, baseEnv: inheritedEnv(), forward: forwarder(qmail), spool: spoolMessage },
  );
  // Under qmail-lspawn both go to one pipe; alone, the count goes to stdout and trouble to stderr.
  await writeAll(o.code === 0 ? Deno.stdout : Deno.stderr, latin1ToBytes(o.output));
  return o.code ?? 111;
}
