/**
 * Handing a message to the queue on behalf of a local program (qmail-queue,
 * qmail-inject, sendmail, qmail-smtpd, …), choosing how qmail-queue's
 * contract is met:
 *
 * - `QMAILQUEUE` names a replacement program (for every caller but
 *   qmail-queue itself): run it with the message on fd 0 and the envelope on fd 1.
 * - the caller may write the queue (root, or the queue's owner — always so in
 *   a single-user tree): write it directly, as qmail-queue does.
 * - otherwise (an unprivileged user of a root-installed tree; there are no
 *   setuid programs): drop the message in queue/maildrop for qmail-pickup.
 *
 * @module
 */

import { enqueue, type EnqueueRequest, envelopeBytes, type Origin } from "./enqueue.ts";
import { QueueError } from "./errors.ts";
import { dropMessage } from "./maildrop.ts";
import { readGroups, readPasswd, treeAccounts } from "../ids/accounts.ts";

/** A message to queue. */
export interface Submission {
  /** QMAILHOME. */
  home: string;
  message: EnqueueRequest["message"];
  envelope: EnqueueRequest["envelope"];
  /** Overrides the Received line's "invoked by uid N" (qmail-smtpd: network). */
  origin?: Origin;
  /** Honour QMAILQUEUE (true but for qmail-queue itself). */
  replaceable?: boolean;
  /** qmail-queue's pid for the Received line and qp; omitted, a number unique to the message. */
  pid?: number;
  /**
   * The caller's environment, when it is not this process's (an in-process
   * qmail-smtpd session, whose tcprules may set QMAILQUEUE): where QMAILQUEUE
   * is looked up, and what a QMAILQUEUE program inherits.
   */
  env?: Record<string, string | undefined>;
}

/** How this process may reach the queue. */
export type QueueAccess =
  | { kind: "direct"; uid: number; origin: Origin; owner?: { uid: number; gid: number } }
  | { kind: "drop" };

/**
 * Decides how the calling process reaches the queue, and what the Received
 * line says of it (qmail-queue.c: the alias user "by alias", qmaild "from
 * network", qmails "for bounce", anyone else "by uid N").
 */
export function queueAccess(home: string, origin?: Origin): QueueAccess {
  const uid = Deno.uid() ?? 0;
  let owner: number;
  try {
    owner = Deno.statSync(`${home}/queue/pid`).uid ?? 0;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      // qmail-queue's chdir(auto_qmail) fails with 61, chdir("queue") with 62.
      let homeExists = true;
      try {
        Deno.statSync(home);
      } catch {
        homeExists = false;
      }
      throw new QueueError(homeExists ? 62 : 61, e);
    }
    owner = -1; // not even allowed to look: an unprivileged user
  }
  if (uid !== 0 && uid !== owner) return { kind: "drop" };
  const who = invoker(home, uid);
  return {
    kind: "direct",
    uid,
    origin: origin ?? who.origin,
    owner: uid === 0 ? who.queueOwner : undefined,
  };
}

/**
 * What the Received line says of `uid` (qmail-queue.c: the alias user "by
 * alias", qmaild "from network", qmails "for bounce", anyone else "by uid N"),
 * and who owns queue files in a system tree. A single-user tree has one
 * account for every role, so there it is always "by uid N".
 */
export function invoker(home: string, uid: number): Invoker {
  const key = `${home}\0${uid}`;
  let who = invokers.get(key);
  if (!who) {
    who = lookUpInvoker(home, uid);
    invokers.set(key, who);
  }
  return who;
}

/** What {@linkcode invoker} says. */
export interface Invoker {
  origin: Origin;
  queueOwner?: { uid: number; gid: number };
}

/**
 * Answers already given in this process: a busy qmail-smtpd queues many
 * messages a second, and the accounts of a tree do not change under a
 * running server (qmail compiles them in).
 */
const invokers = new Map<string, Invoker>();

function lookUpInvoker(home: string, uid: number): Invoker {
  const accounts = treeAccounts(home);
  if (accounts.singleUser) return { origin: { uid } };
  const byName = new Map(readPasswd().map((p) => [p.name, p.uid]));
  let origin: Origin = { uid };
  const roles = [["alias", "alias"], ["qmaild", "network"], ["qmails", "bounce"]] as const;
  for (const [role, o] of roles.toReversed()) {
    if (byName.get(accounts.users[role]) === uid) origin = o;
  }
  const qmailq = byName.get(accounts.users.qmailq);
  const qgid = readGroups().get(accounts.groups.qmail);
  const queueOwner = qmailq !== undefined && qgid !== undefined
    ? { uid: qmailq, gid: qgid }
    : undefined;
  return { origin, queueOwner };
}

/**
 * Queues a message; returns its qp (what `250 ok … qp N` and qmail-send's
 * `info msg` line report). Throws QueueError carrying qmail-queue's exit code.
 */
export async function submit(s: Submission): Promise<number> {
  const replacement = s.replaceable === false
    ? undefined
    : s.env
    ? s.env.QMAILQUEUE
    : Deno.env.get("QMAILQUEUE");
  if (replacement) {
    // Loaded only when used: node:child_process costs a short program 30 ms to load.
    const { runQmailQueueProgram } = await import("./qmailqueue_program.ts");
    return await runQmailQueueProgram(
      replacement,
      s.message,
      () => envelopeBytes(s.envelope),
      s.env,
    );
  }
  const access = queueAccess(s.home, s.origin);
  const queue = `${s.home}/queue`;
  if (access.kind === "drop") {
    const { home, message, envelope, pid } = s;
    return await dropMessage({ home, message, envelope, pid });
  }
  const queued = await enqueue({
    queue,
    message: s.message,
    envelope: s.envelope,
    uid: access.uid,
    pid: s.pid,
    origin: access.origin,
    owner: access.owner,
  });
  return queued.qp;
}
