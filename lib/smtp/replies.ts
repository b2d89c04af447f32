/**
 * The replies qmail-smtpd sends. Where qmail 1.03 has a text it is kept
 * byte-for-byte (clients, log parsers and operators' habits depend on them);
 * the replies qmail never had (line and recipient limits, the SIZE parameter)
 * follow the same style: lower case, RFC 3463 status in `(#x.y.z)`.
 *
 * @module
 */

/** The reply texts, without the CRLF. */
export const REPLY = {
  ok: "250 ok",
  flushed: "250 flushed",
  go: "354 go ahead",
  vrfy: "252 send some mail, i'll try my best",
  help: "214 qmail home page: http://pobox.com/~djb/qmail.html",
  unimplemented: "502 unimplemented (#5.5.1)",
  syntax: "555 syntax error (#5.5.4)",
  wantMail: "503 MAIL first (#5.5.1)",
  wantRcpt: "503 RCPT first (#5.5.1)",
  badMailFrom: "553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)",
  noGateway: "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
  tooBig: "552 sorry, that message size exceeds my databytes limit (#5.3.4)",
  hops: "554 too many hops, this message is looping (#5.4.6)",
  qqtFailure: "451 qqt failure (#4.3.0)",
  timeout: "451 timeout (#4.4.2)",
  strayNewline: "451 See http://pobox.com/~djb/docs/smtplf.html.",
  noMemory: "421 out of memory (#4.3.0)",
  control: "421 unable to read controls (#4.3.0)",
  // Not in qmail: limits it never had (RFC 5321 4.5.3.1).
  lineTooLong: "500 line too long (#5.5.2)",
  tooManyRcpts: "452 too many recipients (#4.5.3)",
  badSizeParam: "501 malformed SIZE parameter (#5.5.4)",
} as const;

/**
 * The reply to the final dot when the queue refused the message: qmail.c's
 * status text, `D…` permanent (554) or `Z…` temporary (451).
 *
 * @example
 * ```ts
 * queueReply("Zqq write error or disk full (#4.3.0)"); // "451 qq write error or disk full (#4.3.0)"
 * ```
 */
export function queueReply(status: string): string {
  return `${status.startsWith("D") ? "554" : "451"} ${status.slice(1)}`;
}

/**
 * The reply to an accepted message: `250 ok <seconds since epoch> qp <pid>`,
 * the pid being that of the queue writer (qmail-smtpd.c's acceptmessage).
 */
export function acceptReply(when: number, qp: number): string {
  return `250 ok ${when} qp ${qp}`;
}
