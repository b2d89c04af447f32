/**
 * control/badmailfrom (qmail-smtpd(8)): envelope senders qmail-smtpd refuses.
 * A line is a whole address, or `@host` for every address at that host;
 * comparison ignores ASCII case (qmail-smtpd.c bmfcheck()).
 *
 * @module
 */

import { ConstMap } from "./constmap.ts";

/**
 * The refused senders.
 *
 * @example
 * ```ts
 * const bmf = BadMailFrom.parse(["@spam.example", "joe@example.com"]);
 * bmf.matches("anyone@SPAM.example"); // true
 * ```
 */
export class BadMailFrom {
  readonly #map: ConstMap;

  private constructor(map: ConstMap) {
    this.#map = map;
  }

  /** Builds the list from the lines of control/badmailfrom. */
  static parse(lines: readonly string[]): BadMailFrom {
    return new BadMailFrom(ConstMap.fromLines(lines));
  }

  /** True when `sender` (the MAIL FROM address) is listed, itself or as `@host`. */
  matches(sender: string): boolean {
    if (this.#map.has(sender)) return true;
    const at = sender.lastIndexOf("@");
    return at >= 0 && this.#map.has(sender.slice(at));
  }
}
