/**
 * dot-forward(1): `|dot-forward .forward` in a .qmail file follows the
 * sendmail-style instructions of the first listed file that exists and is
 * not empty: forward the message, feed it to commands, or deliver it
 * directly (exit 0, so qmail-local goes on with the .qmail file); having
 * forwarded, it exits 99 so that qmail-local stops. `-n` lists the
 * instructions instead (on stderr, as dot-forward 0.71 does). See
 * lib/local/dot_forward.ts.
 *
 * @module
 */

import { die } from "../lib/cli/exit.ts";
import { getopt, GetoptError } from "../lib/net/getopt.ts";
import { resolveConfig } from "../lib/inject/config.ts";
import { readInjectControl } from "../lib/inject/setup.ts";
import {
  describePlan,
  emptyPlan,
  ForwardFileError,
  type ForwardPlan,
  isEmptyForward,
  planForward,
} from "../lib/local/dot_forward.ts";
import { env, queueFailure, readStdin, requeue, runChild } from "../lib/local/helpers.ts";
import { qmailHome } from "../lib/paths.ts";
import { bytesToLatin1, latin1ToBytes } from "../lib/text/latin1.ts";
import { concatBytes } from "../lib/send/bytes.ts";

const USAGE = "usage: dot-forward [ -nN ] file ...";

/** Runs dot-forward: 0 direct delivery (or no file), 99 forwarded, 100/111 failures. */
export async function main(args: string[]): Promise<number> {
  let listOnly = false;
  let files: string[];
  try {
    const parsed = getopt(args, "nN");
    for (const o of parsed.options) listOnly = o.letter === "n";
    files = parsed.rest;
  } catch (e) {
    if (!(e instanceof GetoptError)) throw e;
    files = [];
  }
  if (files.length === 0) die(100, "dot-forward", USAGE);
  const text = firstForwardFile(files);
  if (text === undefined) {
    if (listOnly) console.error("direct delivery");
    return 0;
  }
  const plan = emptyPlan();
  const list = () => Deno.stderr.writeSync(new TextEncoder().encode(describePlan(plan)));
  try {
    const domains = resolveConfig(() => undefined, readInjectControl(qmailHome()));
    planForward(text, { user: env("USER") ?? "", host: env("HOST") ?? "", domains }, plan);
  } catch (e) {
    if (!(e instanceof ForwardFileError)) die(111, "dot-forward", "fatal: unable to read controls");
    // -n lists what came before the line in error, as dot-forward does.
    if (listOnly) list();
    die(e.code, "dot-forward", `fatal: ${e.message}`);
  }
  const done = plan.direct ? 0 : 99;
  if (listOnly) {
    list();
    return done;
  }
  await deliver(plan);
  return done;
}

/** The text of the first file that exists and is not empty, or undefined. */
function firstForwardFile(files: string[]): string | undefined {
  for (const file of files) {
    let text: string;
    try {
      text = bytesToLatin1(Deno.readFileSync(file));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      die(
        111,
        "dot-forward",
        `fatal: unable to open ${file}: ${e instanceof Error ? e.message : e}`,
      );
    }
    if (!isEmptyForward(text)) return text;
    console.error(`skipping empty file ${file}`);
  }
  return undefined;
}

/** Feeds the message to each command, then forwards it; dies (100/111) on a failure. */
async function deliver(plan: ForwardPlan): Promise<void> {
  let message: Uint8Array;
  try {
    message = await readStdin();
  } catch (e) {
    die(111, "dot-forward", `fatal: unable to read message: ${e}`);
  }
  const lines = (...names: string[]) => names.map((n) => env(n) ?? "").join("");
  const head = latin1ToBytes(lines("UFLINE", "RPLINE", "DTLINE"));
  const forward: string[] = [];
  for (const step of plan.steps) {
    if ("forward" in step) {
      forward.push(step.forward);
      continue;
    }
    const end = await runChild(["/bin/sh", "-c", step.pipe], concatBytes([head, message]));
    if (end.code === 0) continue;
    die(end.code === 100 ? 100 : 111, "dot-forward", `fatal: ${step.pipe} failed`);
  }
  if (forward.length === 0) return;
  try {
    await requeue(lines("DTLINE"), message, env("NEWSENDER") ?? "", forward);
  } catch (e) {
    const f = queueFailure(e);
    die(f.permanent ? 100 : 111, "dot-forward", `fatal: unable to forward message: ${f.text}`);
  }
}
