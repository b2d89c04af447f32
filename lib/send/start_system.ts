/**
 * qmail-start in a system tree, as root (qmail-start.c, DESIGN.md §3):
 * qmail-send runs as qmails, qmail-clean and qmail-pickup as qmailq, the
 * logger as qmaill (group nofiles), qmail-rspawn as qmailr, and local delivery stays with root
 * (qmail-lspawn's part: lib/local switches to each recipient's uid).
 * qmail's pipes between them become qmail-send's stdin and stdout, served
 * by this process (lib/send/mux.ts); qmail-send's activity record arrives on
 * its stderr and goes to the log with qmail-pickup's lines. Signals sent to
 * qmail-start reach qmail-send, as they would after qmail-start's exec.
 *
 * @module
 */

import { readGroups, readPasswd, treeAccounts } from "../ids/accounts.ts";
import { selfCommand } from "../cli/self.ts";
import { SPAWN } from "../control/compiled.ts";
import { StreamCleaner } from "./clean_client.ts";
import type { LogSink } from "./log.ts";
import { openLocal } from "./local_deliverer.ts";
import { serveMux } from "./mux.ts";
import { openRemote } from "./remote_open.ts";

/** uid and gid of each account qmail-start needs. */
export interface SystemIds {
  qmails: { uid: number; gid: number };
  qmailq: { uid: number; gid: number };
  qmaill: { uid: number; gid: number };
  qmailr: { uid: number; gid: number };
}

/** Looks up the tree's accounts (conf-users, conf-groups) in the password database. */
export function systemIds(home: string): SystemIds {
  const a = treeAccounts(home);
  const pw = new Map(readPasswd().map((p) => [p.name, p.uid]));
  const gr = readGroups();
  const uid = (role: "qmails" | "qmailq" | "qmaill" | "qmailr") => {
    const u = pw.get(a.users[role]);
    if (u === undefined) throw new Error(`no such user: ${a.users[role]}`);
    return u;
  };
  const gid = (role: "qmail" | "nofiles") => {
    const g = gr.get(a.groups[role]);
    if (g === undefined) throw new Error(`no such group: ${a.groups[role]}`);
    return g;
  };
  return {
    qmails: { uid: uid("qmails"), gid: gid("qmail") },
    qmailq: { uid: uid("qmailq"), gid: gid("qmail") },
    qmaill: { uid: uid("qmaill"), gid: gid("nofiles") },
    qmailr: { uid: uid("qmailr"), gid: gid("qmail") },
  };
}

function spawnSelf(
  program: string,
  id: { uid: number; gid: number },
  io: { stdin: "piped" | "null"; stdout: "piped" | "null"; stderr: "piped" | "inherit" },
): Deno.ChildProcess {
  const [cmd, args] = selfCommand(program);
  return new Deno.Command(cmd, { args, uid: id.uid, gid: id.gid, cwd: "/", ...io }).spawn();
}

/** Copies a child's output lines into the log. */
async function pump(stream: ReadableStream<Uint8Array>, log: LogSink): Promise<void> {
  const dec = new TextDecoder("latin1");
  for await (const chunk of stream) log.write(dec.decode(chunk));
}

/** Starts the system and serves it until qmail-send exits; returns qmail-send's exit code. */
export async function runSystem(
  home: string,
  defaultDelivery: string,
  log: LogSink,
): Promise<number> {
  const ids = systemIds(home);
  const local = await openLocal(home, { defaultDelivery, singleUser: false });
  const remote = await openRemote(home, ids.qmailr);
  const clean = spawnSelf("qmail-clean", ids.qmailq, {
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  });
  const cleaner = new StreamCleaner(clean.stdout, clean.stdin);
  const pickup = spawnSelf("qmail-pickup", ids.qmailq, {
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  });
  const pickupLog = pump(pickup.stdout, log);
  const send = spawnSelf("qmail-send", ids.qmails, {
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const sendLog = pump(send.stderr, log);
  const forward = (sig: Deno.Signal) => () => {
    try {
      send.kill(sig);
    } catch {
      // already gone
    }
  };
  const sigs = (["SIGHUP", "SIGALRM", "SIGTERM"] as const).map((s) => [s, forward(s)] as const);
  for (const [s, h] of sigs) Deno.addSignalListener(s, h);
  const served = serveMux(send.stdout, send.stdin, {
    local,
    remote,
    cleaner,
    limits: { local: SPAWN, remote: SPAWN },
  });
  const status = await send.status;
  for (const [s, h] of sigs) Deno.removeSignalListener(s, h);
  await served.catch(() => {});
  await sendLog;
  await local.close();
  await remote.close();
  await cleaner.close();
  await clean.status;
  try {
    pickup.kill("SIGTERM");
  } catch {
    // gone
  }
  await pickup.status;
  await pickupLog;
  return status.code;
}
