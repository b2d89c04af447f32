/**
 * getopt as D. J. Bernstein's programs (tcpserver, rblsmtpd) parse their
 * options: single-letter flags that may be grouped (`-vRH`), an option's
 * argument attached (`-c40`) or in the next word (`-c 40`), `--` ends the
 * options, and the first word that is not an option (or is `-` alone) starts
 * the operands.
 *
 * @module
 */

/** An option letter the program does not know, or one missing its argument. */
export class GetoptError extends Error {
  constructor(readonly letter: string, missingArgument: boolean) {
    super(missingArgument ? `option -${letter} needs an argument` : `unknown option -${letter}`);
    this.name = "GetoptError";
  }
}

/** Options in command-line order, then the operands. */
export interface Parsed {
  options: { letter: string; value?: string }[];
  rest: string[];
}

/**
 * Parses `args` against a getopt spec such as `"bBcCt:r:a:"` (a letter
 * followed by `:` takes an argument). Throws GetoptError.
 *
 * @example
 * ```ts
 * getopt(["-vc40", "-x", "r.cdb", "0", "25", "prog"], "vc:x:");
 * // { options: [{letter: "v"}, {letter: "c", value: "40"}, {letter: "x", value: "r.cdb"}],
 * //   rest: ["0", "25", "prog"] }
 * ```
 */
export function getopt(args: string[], spec: string): Parsed {
  const options: Parsed["options"] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const word = args[i];
    if (word === "--") {
      i++;
      break;
    }
    if (word.length < 2 || word[0] !== "-") break;
    for (let j = 1; j < word.length; j++) {
      const letter = word[j];
      const at = spec.indexOf(letter);
      if (letter === ":" || at < 0) throw new GetoptError(letter, false);
      if (spec[at + 1] !== ":") {
        options.push({ letter });
        continue;
      }
      let value = word.slice(j + 1);
      if (value === "") {
        if (i + 1 >= args.length) throw new GetoptError(letter, true);
        value = args[++i];
      }
      options.push({ letter, value });
      break;
    }
  }
  return { options, rest: args.slice(i) };
}

/**
 * scan_ulong: the number made of the leading digits (0 when there are none),
 * as djb's programs read numeric options.
 */
export function scanUlong(text: string): number {
  const m = /^\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}
