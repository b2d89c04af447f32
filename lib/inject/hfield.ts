/**
 * Header field names qmail-inject recognises (qmail's hfield.c) and the test
 * for a well-formed field (qmail-header(5): the name must not be empty and
 * may hold only printable characters other than space and colon).
 *
 * @module
 */

/** The known field names, lower case; a field's type is its index here (0: unknown). */
const NAMES = [
  "unknown-header",
  "sender",
  "from",
  "reply-to",
  "to",
  "cc",
  "bcc",
  "date",
  "message-id",
  "subject",
  "resent-sender",
  "resent-from",
  "resent-reply-to",
  "resent-to",
  "resent-cc",
  "resent-bcc",
  "resent-date",
  "resent-message-id",
  "return-receipt-to",
  "errors-to",
  "apparently-to",
  "received",
  "return-path",
  "delivered-to",
  "content-length",
  "content-type",
  "content-transfer-encoding",
  "notice-requested-upon-delivery-to",
  "mail-followup-to",
] as const;

/** A known field's type: its lower-case name, or "" for a field qmail-inject does not know. */
export type FieldType = typeof NAMES[number] | "";

/** The fields whose presence makes a message resent (qmail-header(5)): the Resent- ones. */
export const RESENT_FIELDS: readonly FieldType[] = NAMES.filter((n) => n.startsWith("resent-"));

/**
 * The type of a header field from its name (case-insensitive; spaces and
 * tabs may sit between the name and the colon).
 *
 * @example
 * ```ts
 * fieldType("RESENT-TO : x@y\n"); // "resent-to"
 * fieldType("X-Mailer: z\n"); // ""
 * ```
 */
export function fieldType(field: string): FieldType {
  const m = /^([^:]*?)[ \t]*:/.exec(field);
  if (!m) return "";
  const name = m[1].replace(/[A-Z]/g, (c) => c.toLowerCase());
  const i = NAMES.indexOf(name as typeof NAMES[number], 1);
  return i > 0 ? NAMES[i] : "";
}

/**
 * Whether `line` starts a well-formed header field: a colon, and before it
 * (less trailing spaces and tabs) a non-empty name of characters 33–126.
 *
 * @example
 * ```ts
 * fieldValid("Subject: hi\n"); // true
 * fieldValid("no colon here\n"); // false
 * ```
 */
export function fieldValid(line: string): boolean {
  const colon = line.indexOf(":");
  if (colon < 0) return false;
  const name = line.slice(0, colon).replace(/[ \t]+$/, "");
  return /^[!-~]+$/.test(name);
}
