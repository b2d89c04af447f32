/**
 * How qmail-send decides where a recipient goes (qmail-send.c rewrite(),
 * qmail-send(8)): add `@envnoathost` to an address without `@`; apply the
 * percent hack while the domain is in percenthack (`user%fqdn@domain` becomes
 * `user@fqdn`, repeatedly); a domain in locals is delivered locally as is;
 * otherwise a virtualdomains match delivers locally as `prepend-address`;
 * anything else goes to the remote channel.
 *
 * @module
 */

import { ConstMap } from "./constmap.ts";
import type { VirtualDomains } from "./virtualdomains.ts";

/** The control values recipient routing depends on. */
export interface RoutingControls {
  envnoathost: string;
  locals: readonly string[];
  percenthack: readonly string[];
  virtualdomains: VirtualDomains;
}

/** Where one recipient goes, and the address to give that channel. */
export interface RecipientRoute {
  channel: "local" | "remote";
  address: string;
}

/**
 * qmail-send's recipient routing.
 *
 * @example
 * ```ts
 * const router = new RecipientRouter({ envnoathost: "example.com", locals: ["example.com"],
 *   percenthack: [], virtualdomains: VirtualDomains.parse(["v.example:joe"]) });
 * router.route("bob"); // { channel: "local", address: "bob@example.com" }
 * router.route("x@v.example"); // { channel: "local", address: "joe-x@v.example" }
 * ```
 */
export class RecipientRouter {
  readonly #envnoathost: string;
  readonly #locals: ConstMap;
  readonly #percenthack: ConstMap;
  readonly #vdoms: VirtualDomains;

  constructor(c: RoutingControls) {
    this.#envnoathost = c.envnoathost;
    this.#locals = ConstMap.fromLines(c.locals);
    this.#percenthack = ConstMap.fromLines(c.percenthack);
    this.#vdoms = c.virtualdomains;
  }

  /** True when `domain` is listed in locals. */
  isLocal(domain: string): boolean {
    return this.#locals.has(domain);
  }

  /** The channel and address for `recipient`. */
  route(recipient: string): RecipientRoute {
    let addr = recipient;
    let at = addr.lastIndexOf("@");
    if (at < 0) {
      addr = `${addr}@${this.#envnoathost}`;
      at = recipient.length;
    }
    while (this.#percenthack.has(addr.slice(at + 1))) {
      const pct = addr.lastIndexOf("%", at - 1);
      if (pct < 0) break;
      addr = `${addr.slice(0, pct)}@${addr.slice(pct + 1, at)}`;
      at = pct;
    }
    if (this.isLocal(addr.slice(at + 1))) return { channel: "local", address: addr };
    const virtual = this.#vdoms.rewrite(addr);
    if (virtual !== undefined) return { channel: "local", address: virtual };
    return { channel: "remote", address: addr };
  }
}
