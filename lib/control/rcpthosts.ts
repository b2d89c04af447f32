/**
 * qmail-smtpd's relay check (rcpthosts.c, qmail-smtpd(8)): which recipient
 * domains SMTP clients may send to.
 *
 * - No control/rcpthosts: every recipient is allowed (an open relay; qmail
 *   then ignores morercpthosts.cdb too). An empty rcpthosts allows none.
 * - A recipient without `@` is always allowed (envnoathost will apply).
 * - The domain (after the last `@`) is lowercased (ASCII), then looked up
 *   whole and as each `.suffix`, longest first, in rcpthosts and then in
 *   morercpthosts.cdb. So a line `example.com` allows exactly that domain and
 *   `.example.com` allows its subdomains (not the domain itself).
 * - Address literals get no special treatment here: `user@[1.2.3.4]` is
 *   allowed only if `[1.2.3.4]` is listed. qmail-smtpd first replaces a
 *   literal of one of its own addresses with localiphost.
 *
 * @module
 */

import { mayExist } from "./presence.ts";
import { Cdb } from "../cdb/reader.ts";
import { asciiLower, ConstMap } from "./constmap.ts";
import { ControlError, readControlLines } from "./read.ts";

/** The names qmail looks up for `host`: the host, then each `.suffix`, longest first. */
export function hostSuffixes(host: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < host.length; i++) if (i === 0 || host[i] === ".") out.push(host.slice(i));
  return out;
}

/**
 * The allowed recipient domains.
 *
 * @example
 * ```ts
 * using rh = RcptHosts.load("/var/qmail");
 * if (!rh.allows("joe@example.com")) reply("553 sorry, that domain isn't in my list of allowed rcpthosts");
 * ```
 */
export class RcptHosts {
  readonly #map: ConstMap | undefined;
  readonly #more: Cdb | undefined;

  /** `lines` is rcpthosts (undefined when missing); `more` is morercpthosts.cdb if any. */
  constructor(lines: readonly string[] | undefined, more?: Cdb) {
    this.#map = lines && ConstMap.fromLines(lines);
    this.#more = lines ? more : undefined;
    if (!lines) more?.close();
  }

  /** Reads control/rcpthosts and opens control/morercpthosts.cdb under `home`. */
  static load(home: string): RcptHosts {
    const lines = readControlLines(`${home}/control/rcpthosts`);
    if (!lines) return new RcptHosts(undefined);
    const path = `${home}/control/morercpthosts.cdb`;
    let more: Cdb | undefined;
    try {
      if (mayExist(path)) more = Cdb.openSync(path, { mode: "file" });
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw new ControlError(path, e);
    }
    return new RcptHosts(lines, more);
  }

  /** True when there is no rcpthosts, so every recipient is allowed. */
  get openRelay(): boolean {
    return this.#map === undefined;
  }

  /** True when SMTP clients may send to `address`. */
  allows(address: string): boolean {
    if (!this.#map) return true;
    const at = address.lastIndexOf("@");
    if (at < 0) return true;
    const candidates = hostSuffixes(asciiLower(address.slice(at + 1)));
    if (candidates.some((h) => this.#map!.has(h))) return true;
    const more = this.#more;
    return more !== undefined && candidates.some((h) => more.has(h));
  }

  /** Closes morercpthosts.cdb. */
  close(): void {
    this.#more?.close();
  }

  /** Same as {@linkcode RcptHosts.close} (for `using`). */
  [Symbol.dispose](): void {
    this.close();
  }
}
