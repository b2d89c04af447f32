/**
 * preline: feed a program the message with the From_, Return-Path and
 * Delivered-To lines first (preline(1)), for programs that expect mbox-style
 * input (procmail, elm's filter, vacation). -f, -r, -d leave out UFLINE,
 * RPLINE, DTLINE; -F, -R, -D put them back. Exits with the program's code.
 *
 * @module
 */

import { die, usage } from "../lib/cli/exit.ts";
import { isTempError } from "../lib/local/exit.ts";
import { getopt, GetoptError } from "../lib/net/getopt.ts";
import { errorText } from "../lib/qread/errstr.ts";
import { latin1ToBytes } from "../lib/text/latin1.ts";

const USAGE = "preline cmd [ arg ... ]";

/** Parses preline's options (getopt "frdFRD"); returns which lines to add and the command. */
export function parsePrelineArgs(
  args: string[],
): { uf: boolean; rp: boolean; dt: boolean; argv: string[] } | undefined {
  let parsed;
  try {
    parsed = getopt(args, "frdFRD");
  } catch (e) {
    if (e instanceof GetoptError) return undefined;
    throw e;
  }
  const o = { uf: true, rp: true, dt: true };
  for (const { letter } of parsed.options) {
    if (letter === "f") o.uf = false;
    else if (letter === "r") o.rp = false;
    else if (letter === "d") o.dt = false;
    else if (letter === "F") o.uf = true;
    else if (letter === "R") o.rp = true;
    else if (letter === "D") o.dt = true;
  }
  return { ...o, argv: parsed.rest };
}

/** Runs preline. */
export async function main(args: string[]): Promise<number> {
  const uf = Deno.env.get("UFLINE");
  const rp = Deno.env.get("RPLINE");
  const dt = Deno.env.get("DTLINE");
  if (uf === undefined || rp === undefined || dt === undefined) usage("preline", USAGE);
  const o = parsePrelineArgs(args);
  if (!o || o.argv.length === 0) usage("preline", USAGE);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(o.argv[0], {
      args: o.argv.slice(1),
      stdin: "piped",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (e) {
    die(
      isTempError(e) ? 111 : 100,
      "preline",
      `fatal: unable to run ${o.argv[0]}: ${errorText(e)}`,
    );
  }
  const head = (o.uf ? uf : "") + (o.rp ? rp : "") + (o.dt ? dt : "");
  const w = child.stdin.getWriter();
  try {
    await w.write(latin1ToBytes(head));
    w.releaseLock();
    await Deno.stdin.readable.pipeTo(child.stdin);
  } catch {
    // The program stopped reading (qmail's preline ignores SIGPIPE and goes on to wait).
    await child.stdin.close().catch(() => {});
  }
  const st = await child.status;
  if (st.signal) die(111, "preline", "fatal: child crashed");
  return st.code;
}
