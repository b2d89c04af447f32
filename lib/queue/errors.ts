/**
 * qmail-queue's exit codes (qmail-queue(8)) as an error that knows whether it
 * is permanent and what a client is told (the texts of qmail's qmail.c).
 *
 * @module
 */

const TEXTS: Record<number, string> = {
  11: "Denvelope address too long for qq (#5.1.3)",
  31: "Dmail server permanently rejected message (#5.3.0)",
  51: "Zqq out of memory (#4.3.0)",
  52: "Zqq timeout (#4.3.0)",
  53: "Zqq write error or disk full (#4.3.0)",
  54: "Zqq read error (#4.3.0)",
  55: "Zqq unable to read configuration (#4.3.0)",
  56: "Zqq trouble making network connection (#4.3.0)",
  61: "Zqq trouble in home directory (#4.3.0)",
  62: "Zqq trouble creating files in queue (#4.3.0)",
  63: "Zqq trouble creating files in queue (#4.3.0)",
  64: "Zqq trouble creating files in queue (#4.3.0)",
  65: "Zqq trouble creating files in queue (#4.3.0)",
  66: "Zqq trouble creating files in queue (#4.3.0)",
  71: "Zmail server temporarily rejected message (#4.3.0)",
  72: "Zconnection to mail server timed out (#4.4.1)",
  73: "Zconnection to mail server rejected (#4.4.1)",
  74: "Zcommunication with mail server failed (#4.4.2)",
  81: "Zqq internal bug (#4.3.0)",
  91: "Zqq internal bug (#4.3.0)",
  120: "Zunable to exec qq (#4.3.0)",
};

/**
 * The status text for a qmail-queue exit code: a leading `D` (permanent) or
 * `Z` (temporary), then the text. `custom` is what a program exiting 82 wrote
 * on descriptor 6.
 */
export function queueStatusText(code: number, custom = ""): string {
  if (code === 82 && custom.length > 2) return custom;
  const known = TEXTS[code === 115 ? 11 : code];
  if (known) return known;
  return code >= 11 && code <= 40
    ? "Dqq permanent problem (#5.3.0)"
    : "Zqq temporary problem (#4.3.0)";
}

/** A failure to queue a message, carrying qmail-queue's exit code. */
export class QueueError extends Error {
  readonly code: number;
  /** `D` + text (permanent) or `Z` + text (temporary), as qmail.c reports it. */
  readonly status: string;
  constructor(code: number, cause?: unknown, custom = "") {
    const status = queueStatusText(code, custom);
    super(status.slice(1), cause === undefined ? undefined : { cause });
    this.name = "QueueError";
    this.code = code;
    this.status = status;
  }
  /** True when the sender should try again later. */
  get temporary(): boolean {
    return !this.status.startsWith("D");
  }
}
