/**
 * qmail-lspawn: schedule local deliveries (qmail-lspawn(8)). Reads delivery
 * requests from qmail-send on stdin and answers on stdout (JSON lines; see
 * lib/local/lspawn.ts), running each delivery as the recipient's user: as
 * root through warm per-uid workers, otherwise in this process.
 * `defaultdelivery` is passed to qmail-local as the default delivery.
 *
 * @module
 */

import { writeAllTo } from "../lib/local/wire.ts";
import { openLocalDeliverer, serveLspawn } from "../lib/local/mod.ts";
import { qmailHome } from "../lib/paths.ts";

/** Runs qmail-lspawn. */
export async function main(args: string[]): Promise<number> {
  if (args.length < 1) return 100; // qmail-lspawn exits 100 without its argument
  const deliverer = openLocalDeliverer(qmailHome(), { defaultDelivery: args[0] });
  await serveLspawn(Deno.stdin.readable, writeAllTo(Deno.stdout), deliverer);
  return 0;
}
