/**
 * splogger(8)'s rules for turning a stream of lines into syslog entries:
 * each line gets a numerical time stamp (`SECONDS.MICROSECONDS`) in front;
 * `alert:` and `warning:` at its start choose LOG_ALERT and LOG_WARNING,
 * anything else LOG_INFO; unprintable bytes become `?`; blank lines are not
 * logged; a line is folded every 799 characters, the continuations marked
 * by a `+` after the same stamp. The entries go out as syslog(3) writes
 * them to /dev/log: `<PRI>Mmm dd hh:mm:ss TAG: TEXT` (RFC 3164).
 *
 * @module
 */

/** syslog(3)'s priorities splogger uses. */
export const LOG_ALERT = 1;
export const LOG_WARNING = 4;
export const LOG_INFO = 6;
/** LOG_MAIL's facility number (splogger's default `fac`, 2). */
export const MAIL_FACILITY = 2;

/** splogger's buffer is 800 bytes with room for the NUL: a line is folded every 799 characters. */
const FOLD = 799;

/** One syslog entry: its priority and its text (stamp included). */
export interface Entry {
  priority: number;
  text: string;
}

/** `SECONDS.MICROSECONDS`, as splogger stamps each line. */
export function stamp(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const usec = Math.floor((ms - sec * 1000) * 1000);
  return `${sec}.${String(usec).padStart(6, "0")}`;
}

/** Turns bytes into entries, line by line, keeping a partial line between calls. */
export class SploggerLines {
  #buf = "";
  #cont: { priority: number; stamp: string } | undefined;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.timeOrigin + performance.now()) {
    this.#now = now;
  }

  /** The entries completed by `bytes` (a last line without a newline is never logged, as in splogger). */
  push(bytes: Uint8Array): Entry[] {
    const out: Entry[] = [];
    for (const b of bytes) {
      if (b === 10) {
        this.#flush(out);
        this.#cont = undefined;
        continue;
      }
      if (this.#buf.length === FOLD) this.#flush(out);
      this.#buf += b < 32 || b > 126 ? "?" : String.fromCharCode(b);
    }
    return out;
  }

  #flush(out: Entry[]): void {
    if (this.#buf === "") return;
    if (this.#cont) {
      out.push({ priority: this.#cont.priority, text: `${this.#cont.stamp}+${this.#buf}` });
    } else {
      let priority = LOG_INFO;
      if (this.#buf.startsWith("warning:")) priority = LOG_WARNING;
      if (this.#buf.startsWith("alert:")) priority = LOG_ALERT;
      const s = stamp(this.#now());
      out.push({ priority, text: `${s} ${this.#buf}` });
      this.#cont = { priority, stamp: s };
    }
    this.#buf = "";
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** syslog(3)'s datagram for an entry: `<PRI>Mmm dd hh:mm:ss TAG: TEXT`, local time. */
export function syslogDatagram(entry: Entry, tag: string, facility: number, when: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${MONTHS[when.getMonth()]} ${String(when.getDate()).padStart(2, " ")} ` +
    `${two(when.getHours())}:${two(when.getMinutes())}:${two(when.getSeconds())}`;
  return `<${facility * 8 + entry.priority}>${date} ${tag}: ${entry.text}`;
}
