/**
 * qmail-lspawn's part of a local delivery (qmail-lspawn.c, spawn.c): check
 * the recipient has a host, open the message (a regular file owned by the
 * queue user), find the user in charge of the address, then have
 * qmail-local run as that user — in this process or in a worker running
 * under the user's uid — and turn its exit code and output into the report.
 *
 * @module
 */

import type { DeliveryResult, LocalDeliveryRequest } from "./deliverer.ts";
import type { LocalArgs, LocalOutcome } from "./local.ts";
import { deliveryResult, resultOf } from "./report.ts";
import { GetpwError, QLX } from "../users/getpw.ts";
import type { Nughde } from "../users/lookup.ts";
import type { UserResolver } from "../users/resolve.ts";
import { mayExist } from "../control/presence.ts";

/** Runs qmail-local for a resolved user. */
export type LocalRunner = (
  user: Nughde,
  args: LocalArgs,
  message: { bytes: Uint8Array; file: string },
) => Promise<LocalOutcome>;

/** What the lspawn step needs. */
export interface SpawnDeps {
  resolver: UserResolver;
  defaultDelivery: string;
  run: LocalRunner;
  /** The queue user's uid: messages owned by anyone else are refused (system trees). */
  queueUid?: number;
  /** Refuse deliveries as root (qmail-lspawn's QLX_ROOT; system trees). */
  refuseRoot?: boolean;
  /**
   * QMAILHOME/users/cdb: when it certainly does not exist (a cached listing
   * of users/), the password rules are asked directly, without the resolver's
   * failed stat and its thrown NotFound on every delivery.
   */
  usersCdb?: string;
}

/**
 * Reads the whole message file, with qmail-spawn's checks and texts (read
 * synchronously: one small local file).
 */
function readMessage(path: string, queueUid?: number): Uint8Array | string {
  let f: Deno.FsFile;
  try {
    f = Deno.openSync(path, { read: true });
  } catch {
    return "Zqmail-spawn unable to open message. (#4.3.0)\n";
  }
  try {
    let st: Deno.FileInfo;
    try {
      st = f.statSync();
    } catch {
      return "Zqmail-spawn unable to fstat message. (#4.3.0)\n";
    }
    if (!st.isFile) return "ZSorry, message has wrong type. (#4.3.5)\n";
    if (queueUid !== undefined && st.uid !== queueUid) {
      return "ZSorry, message has wrong owner. (#4.3.5)\n";
    }
    const bytes = new Uint8Array(st.size);
    let n = 0;
    while (n < bytes.length) {
      const r = f.readSync(bytes.subarray(n));
      if (r === null) break;
      n += r;
    }
    return n === bytes.length ? bytes : bytes.slice(0, n);
  } catch {
    return "Zqmail-spawn unable to open message. (#4.3.0)\n";
  } finally {
    f.close();
  }
}

/** One local delivery, start to report. */
export async function spawnDelivery(
  req: LocalDeliveryRequest,
  deps: SpawnDeps,
): Promise<DeliveryResult> {
  const r = req.recipient;
  const at = r.lastIndexOf("@");
  if (at < 0) return resultOf("DSorry, address must include host name. (#5.1.3)\n");
  const message = readMessage(req.messagePath, deps.queueUid);
  if (typeof message === "string") return resultOf(message);
  const local = r.slice(0, at);
  if (local === "") return deliveryResult(0, ""); // qmail-lspawn: an empty mailbox is a trash address
  let user: Nughde;
  try {
    user = deps.usersCdb !== undefined && !mayExist(deps.usersCdb)
      ? deps.resolver.fromPasswd(local)
      : deps.resolver.resolve(local);
  } catch (e) {
    return deliveryResult(e instanceof GetpwError ? e.code : QLX.SYS, "");
  }
  if (deps.refuseRoot && user.uid === 0) return deliveryResult(QLX.ROOT, "");
  const args: LocalArgs = {
    user: user.user,
    home: user.home,
    local,
    dash: user.dash,
    ext: user.ext,
    host: r.slice(at + 1),
    sender: req.sender,
    defaultDelivery: deps.defaultDelivery,
  };
  const out = await deps.run(user, args, { bytes: message, file: req.messagePath });
  return deliveryResult(out.code, out.output);
}
