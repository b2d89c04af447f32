/**
 * The settings qmail fixes at compile time (conf-break, conf-patrn,
 * conf-spawn, conf-split), with qmail's shipped values. qmail-showctl prints
 * them; qmail-send caps its concurrency at SPAWN.
 *
 * @module
 */

export { SPLIT } from "../queue/layout.ts";

/** The user-ext delimiter (conf-break): joe controls joe-anything. */
export const BREAK = "-";

/** Stat bits not allowed on ~ and ~/.qmail (conf-patrn, 002: not group-writable). */
export const PATRN = 0o002;

/**
 * The silent concurrency limit (conf-spawn): qmail-lspawn and qmail-rspawn run
 * at most this many deliveries at once, so concurrencylocal and
 * concurrencyremote are capped to it.
 */
export const SPAWN = 120;
