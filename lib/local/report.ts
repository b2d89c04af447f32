/**
 * What qmail-send hears about a local delivery (qmail-lspawn.c's report,
 * spawn.c's truncation, qmail-send's logsafe): the exit code of qmail-local
 * (or of the lspawn step before it) picks success/deferral/failure, and the
 * output becomes the report text.
 *
 * @module
 */

import type { DeliveryResult, DeliveryStatus } from "./deliverer.ts";
import { QLX } from "../users/getpw.ts";

/** spawn.c's truncreport: reports are cut to this many bytes. */
export const TRUNCREPORT = 3000;
const TRUNCMESS = "\nError report too long, sorry.\n";

/** qmail-lspawn's fixed texts for its own exit codes (qlx.h). */
const QLX_TEXTS: Record<number, string> = {
  [QLX.CDB]: "ZTrouble reading users/cdb in qmail-lspawn.\n",
  [QLX.NOMEM]: "ZOut of memory in qmail-lspawn.\n",
  [QLX.SYS]: "ZTemporary failure in qmail-lspawn.\n",
  [QLX.NOALIAS]: "ZUnable to find alias user!\n",
  [QLX.ROOT]: "ZNot allowed to perform deliveries as root.\n",
  [QLX.USAGE]: "ZInternal qmail-lspawn bug.\n",
  [QLX.NFS]: "ZNFS failure in qmail-local.\n",
  [QLX.EXECHARD]: "DUnable to run qmail-local.\n",
  [QLX.EXECSOFT]: "ZUnable to run qmail-local.\n",
  [QLX.EXECPW]: "ZUnable to run qmail-getpw.\n",
};

/** spawn.c's cut: over 3000 bytes, keep the start and say so. */
export function truncateReport(output: string): string {
  if (output.length <= TRUNCREPORT) return output;
  return output.slice(0, TRUNCREPORT - TRUNCMESS.length - 3) + TRUNCMESS;
}

/** qmail-send's logsafe: newline to `/`, `%` and bytes outside 33..126 to `_`. */
export function logSafe(report: string): string {
  return report.replace(/[\s\S]/g, (c) => {
    if (c === "\n") return "/";
    const n = c.charCodeAt(0);
    return c === "%" || n < 33 || n > 126 ? "_" : c;
  });
}

/** A status letter and report as qmail-lspawn writes them. */
export function letterReport(code: number | null, output: string): string {
  if (code === null) return "Zqmail-local crashed.\n";
  const fixed = QLX_TEXTS[code];
  if (fixed) return fixed;
  const letter = code === 0 ? "K" : [111, 71, 74, 75].includes(code) ? "Z" : "D";
  const nul = output.indexOf("\0");
  return letter + (nul < 0 ? output : output.slice(0, nul));
}

const STATUS: Record<string, DeliveryStatus> = { K: "success", Z: "deferral", D: "failure" };

/** The DeliveryResult for a `K`/`Z`/`D` + text report. */
export function resultOf(letterText: string): DeliveryResult {
  const report = letterText.slice(1);
  return { status: STATUS[letterText[0]] ?? "deferral", text: logSafe(report), report };
}

/** The DeliveryResult for qmail-local's (or lspawn's) exit code and output. */
export function deliveryResult(code: number | null, output: string): DeliveryResult {
  return resultOf(letterReport(code, truncateReport(output)));
}
