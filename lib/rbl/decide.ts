/**
 * Whether rblsmtpd blocks a client, and with which reply (rblsmtpd(1)):
 *
 * - `$RBLSMTPD` set and empty: never block; set to text: block with 451 and
 *   that text; text starting with `-`: block with 553 and the rest.
 * - otherwise the sources are tried in order until one decides: `-r base`
 *   lists the client when the reversed address under `base` has a TXT record
 *   (its text is the reply); `-a base` anti-lists it (never block) when it has
 *   an A record.
 * - a lookup that fails temporarily counts as "not listed" for `-r` and
 *   "anti-listed" for `-a` (fail-open, `-C`); with `-c` as "listed" with
 *   "temporary RBL lookup error", and "not anti-listed". After any temporary
 *   failure the reply is 451 even where `-b` would give 553.
 *
 * The DNS is injected, so this runs offline in tests.
 *
 * @module
 */

import type { RblSource } from "./options.ts";

/** The DNS lookups rblsmtpd makes. Each resolves with the records (none: not there) or throws for a temporary failure. */
export interface RblLookup {
  /** TXT records of `name`, each as its strings joined. */
  txt(name: string): Promise<string[]>;
  /** IPv4 addresses of `name`. */
  a(name: string): Promise<string[]>;
}

/** The outcome: run the SMTP server, or answer every command with `reply`. */
export type RblDecision = { block: false } | { block: true; reply: string };

/** The longest text taken from the RBL or $RBLSMTPD. */
export const MAX_TEXT = 200;

/**
 * The DNS name under `base` for `ip`: the dotted parts reversed for IPv4
 * (`1.2.3.4` → `4.3.2.1.base`), the 32 nibbles reversed for IPv6 (as DNS
 * blocklists publish them).
 *
 * @example
 * ```ts
 * rblName("192.0.2.7", "zen.example"); // "7.2.0.192.zen.example"
 * ```
 */
export function rblName(ip: string, base: string): string {
  if (!ip.includes(":")) {
    return ip === "" ? base : `${ip.split(".").reverse().join(".")}.${base}`;
  }
  return `${nibbles(ip).reverse().join(".")}.${base}`;
}

/** The 32 hex digits of an IPv6 address (an embedded IPv4 tail allowed). */
function nibbles(ip: string): string[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    const hex = (x: number) => x.toString(16);
    text = text.slice(0, v4.index) + `${hex((a << 8) | b)}:${hex((c << 8) | d)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].flatMap((g) => g.padStart(4, "0").split(""));
}

/**
 * What rblsmtpd does for a client at `ip`, given $RBLSMTPD (undefined when
 * unset) and the `-r`/`-a` sources.
 *
 * @example
 * ```ts
 * await decide({ ip: "127.0.0.2", rblsmtpd: undefined, sources, lookup });
 * // { block: true, reply: "451 listed, see https://rbl.example/127.0.0.2" }
 * ```
 */
export async function decide(req: {
  ip: string;
  rblsmtpd: string | undefined;
  sources: RblSource[];
  lookup: RblLookup;
}): Promise<RblDecision> {
  // 0 undecided, 1 accept, 2 reject (451), 3 bounce (553), as in rblsmtpd.
  let decision = 0;
  let text = "";
  let mustNotBounce = false;
  const env = req.rblsmtpd;
  if (env !== undefined) {
    if (env === "") decision = 1;
    else if (env[0] === "-") [decision, text] = [3, env.slice(1)];
    else [decision, text] = [2, env];
  }
  for (const source of req.sources) {
    if (decision !== 0) break;
    const name = rblName(req.ip, source.base);
    if (source.kind === "rbl") {
      let records: string[];
      try {
        records = await req.lookup.txt(name);
      } catch {
        mustNotBounce = true;
        if (source.failClosed) [decision, text] = [2, "temporary RBL lookup error"];
        continue;
      }
      // A TXT record with no text does not list the client (rblsmtpd tests text.len).
      const found = records.join("");
      if (found.length > 0) [decision, text] = [source.bounce ? 3 : 2, found];
    } else {
      let addresses: string[];
      try {
        addresses = await req.lookup.a(name);
      } catch {
        mustNotBounce = true;
        if (!source.failClosed) decision = 1;
        continue;
      }
      if (addresses.length > 0) decision = 1;
    }
  }
  if (decision < 2) return { block: false };
  const code = mustNotBounce || decision === 2 ? "451 " : "553 ";
  return { block: true, reply: code + printable(text) };
}

/**
 * The text as rblsmtpd sends it: its first 200 bytes (UTF-8), each byte
 * outside printable ASCII replaced by `?`.
 */
function printable(text: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(text).subarray(0, MAX_TEXT)) {
    out += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : "?";
  }
  return out;
}
