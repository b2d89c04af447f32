/**
 * qmail's constmap (constmap.c): the lookup table qmail builds from a list
 * control file. Keys compare case-insensitively, ASCII letters only; when a
 * key is listed twice the later line wins; in "colon" mode each line is
 * `key:value` split at the first colon, and lines without a colon are
 * ignored.
 *
 * @module
 */

/** Lowercases ASCII letters only, as qmail's case_lowerb (other bytes are left alone). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * A case-insensitive map built from control-file lines.
 *
 * @example
 * ```ts
 * const routes = ConstMap.fromLines(["example.com:relay.example.net"], true);
 * routes.get("EXAMPLE.com"); // "relay.example.net"
 * ```
 */
export class ConstMap {
  readonly #map = new Map<string, { key: string; value: string }>();

  /**
   * Builds the map. Without `colon`, every line is a key with value "";
   * with it, lines are `key:value` and lines with no colon are skipped.
   */
  static fromLines(lines: readonly string[], colon = false): ConstMap {
    const m = new ConstMap();
    for (const line of lines) {
      if (!colon) {
        m.#map.set(asciiLower(line), { key: line, value: "" });
        continue;
      }
      const i = line.indexOf(":");
      if (i < 0) continue;
      const key = line.slice(0, i);
      m.#map.set(asciiLower(key), { key, value: line.slice(i + 1) });
    }
    return m;
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#map.size;
  }

  /** The value of `key` (case-insensitive), or undefined when absent. */
  get(key: string): string | undefined {
    return this.#map.get(asciiLower(key))?.value;
  }

  /** The entry for `key` (case-insensitive) with its key as the file spells it. */
  find(key: string): { key: string; value: string } | undefined {
    return this.#map.get(asciiLower(key));
  }

  /** True when `key` is present. */
  has(key: string): boolean {
    return this.#map.has(asciiLower(key));
  }
}
