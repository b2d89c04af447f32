/**
 * qmail-qstat: summarize the status of the mail queue (qmail-qstat(8)): how
 * many messages are in the queue, and how many of them qmail-send has not yet
 * preprocessed. Arguments are ignored, as qmail's script ignores them.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { err, out } from "../lib/cli/output.ts";
import { countQueue, formatCounts } from "../lib/qread/count.ts";

/**
 * Prints the two counts. Directories that cannot be read are named on stderr
 * and the exit code is 111 (qmail's script printed find's complaint and
 * exited 0 with a count that was too low).
 */
export async function main(_args: string[]): Promise<number> {
  const counts = countQueue(`${qmailHome()}/queue`);
  await out(formatCounts(counts));
  for (const p of counts.problems) await err(`qmail-qstat: warning: ${p}\n`);
  return counts.problems.length > 0 ? 111 : 0;
}
