/**
 * denoqmail as a library: qmail's queue, control files, cdb, message
 * injection and SMTP session, for programs that embed them.
 *
 * @example
 * ```ts
 * import { submit } from "./mod.ts";
 * await submit({
 *   home: "/var/qmail",
 *   message: new TextEncoder().encode("Subject: hi\n\nbody\n"),
 *   envelope: { sender: "alice@example.com", recipients: ["bob@example.com"] },
 * });
 * ```
 *
 * @module
 */

export { enqueue, type EnqueueRequest, type Origin, type Queued } from "./lib/queue/enqueue.ts";
export { type Submission, submit } from "./lib/queue/submit.ts";
export { type Envelope, formatEnvelope, parseEnvelope } from "./lib/queue/envelope.ts";
export { QueueError, queueStatusText } from "./lib/queue/errors.ts";
export { queuePath, SPLIT } from "./lib/queue/layout.ts";
export { date822 } from "./lib/date/date822.ts";
export * as control from "./lib/control/mod.ts";
export * as cdb from "./lib/cdb/mod.ts";
export * as inject from "./lib/inject/mod.ts";
export { runSmtpd } from "./lib/smtp/smtpd.ts";
export * as smtpSession from "./lib/smtp/session.ts";
