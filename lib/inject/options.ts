/**
 * qmail-inject's command line (qmail-inject(8)):
 * `qmail-inject [ -nNaAhH ] [ -fsender ] [ recip ... ]`, read the way qmail's
 * sgetopt does: letters may be grouped (`-nH`), `-f` takes the rest of its
 * word or the next word, options end at the first word not starting with
 * `-`, at a lone `-` (kept as a recipient) or at a word starting with `--`
 * (dropped). Later options override earlier ones.
 *
 * @module
 */

import { ExitError } from "../cli/exit.ts";
import type { InjectOptions, RecipientStrategy } from "./inject.ts";

const STRATEGY: Record<string, RecipientStrategy> = {
  a: "args",
  A: "default",
  h: "header",
  H: "both",
};

/**
 * Parses qmail-inject's arguments. A bad option throws ExitError 100 with
 * sgetopt's message (`qmail-inject: illegal option -- x`).
 *
 * @example
 * ```ts
 * parseInjectArgs(["-n", "-fjoe", "fred"]);
 * // { strategy: "default", recipients: ["fred"], sender: "joe", print: true }
 * ```
 */
export function parseInjectArgs(args: string[]): InjectOptions {
  const options: InjectOptions = { strategy: "default", recipients: [], print: false };
  let i = 0;
  for (; i < args.length; i++) {
    const word = args[i];
    if (word[0] !== "-" || word === "-") break;
    if (word[1] === "-") {
      i++;
      break;
    }
    for (let pos = 1; pos < word.length; pos++) {
      const c = word[pos];
      if (STRATEGY[c]) options.strategy = STRATEGY[c];
      else if (c === "n") options.print = true;
      else if (c === "N") options.print = false;
      else if (c === "f") {
        let arg = word.slice(pos + 1);
        if (!arg) {
          if (++i >= args.length) {
            throw new ExitError(100, "qmail-inject: option requires an argument -- f");
          }
          arg = args[i];
        }
        options.sender = arg;
        break;
      } else throw new ExitError(100, `qmail-inject: illegal option -- ${c}`);
    }
  }
  options.recipients = args.slice(i);
  return options;
}
