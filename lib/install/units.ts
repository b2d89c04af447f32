/**
 * The systemd units of packaging/systemd, fitted to a tree: QMAILHOME in place
 * of /var/qmail and the tree's daemon account in place of qmaild.
 *
 * @module
 */

import { UNIT_FILES } from "./unit_files.ts";

/** What a unit is fitted to. */
export interface UnitTarget {
  /** QMAILHOME as the running system sees it (not prefixed by an install root). */
  home: string;
  /** The account qmail-smtpd runs as (qmaild, or a prefixed test account). */
  qmaild: string;
}

/** The units shipped, by file name. */
export function unitNames(): string[] {
  return Object.keys(UNIT_FILES);
}

/**
 * A unit's text for `target`.
 *
 * @example
 * ```ts
 * const text = renderUnit("qmail-send.service", { home: "/srv/qmail", qmaild: "qmaild" });
 * ```
 */
export function renderUnit(name: string, target: UnitTarget): string {
  const text = UNIT_FILES[name];
  if (text === undefined) throw new Error(`no unit named ${name}`);
  return text.replaceAll("/var/qmail", target.home)
    .replace(/\bid -([ug]) qmaild\b/g, (_m, f) => `id -${f} ${target.qmaild}`);
}

/** Writes every unit into `dir` (mode 644); returns the paths written. */
export function writeUnits(dir: string, target: UnitTarget): string[] {
  Deno.mkdirSync(dir, { recursive: true });
  return unitNames().map((name) => {
    const path = `${dir}/${name}`;
    Deno.writeTextFileSync(path, renderUnit(name, target), { mode: 0o644 });
    Deno.chmodSync(path, 0o644);
    return path;
  });
}
