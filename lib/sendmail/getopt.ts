/**
 * A getopt in the manner of qmail's sgetopt/subgetopt: options end at the
 * first argument that does not start with `-`, at a lone `-` (kept as an
 * operand) or at `--` (dropped); an option's argument is the rest of its word
 * or, when that is empty, the next word. No permuting.
 *
 * @module
 */

/** One option as it was met on the command line. */
export interface GotOption {
  /** The option letter. */
  opt: string;
  /** Its argument, for options that take one. */
  arg?: string;
}

/** What went wrong with the option after the last one returned. */
export interface GetoptProblem {
  /** The offending letter. */
  opt: string;
  /** `illegal`: not in the spec; `missing`: its required argument was past the end. */
  kind: "illegal" | "missing";
}

/** The outcome of parsing a command line. */
export interface GetoptResult {
  /** Options in command-line order, up to the first problem. */
  options: GotOption[];
  /** The arguments after the options. */
  operands: string[];
  /** Set when parsing stopped at a bad option. */
  problem?: GetoptProblem;
}

/**
 * Parses `args` against `spec`: a letter alone is a flag, `x:` takes a
 * required argument, `x?` takes the rest of its word as an optional argument
 * (never the next word; sendmail's `-E`/`-J`, and `-q30m`).
 *
 * @example
 * ```ts
 * getopt(["-oi", "-f", "me", "bob"], "o:f:").options; // [{opt:"o",arg:"i"},{opt:"f",arg:"me"}]
 * ```
 */
export function getopt(args: string[], spec: string): GetoptResult {
  const kinds = specKinds(spec);
  const options: GotOption[] = [];
  let i = 0;
  while (i < args.length) {
    const word = args[i];
    if (word === "--") {
      i++;
      break;
    }
    if (!word.startsWith("-") || word === "-") break;
    let pos = 1;
    while (pos < word.length) {
      const opt = word[pos++];
      const kind = kinds.get(opt);
      if (kind === undefined) {
        return { options, operands: args.slice(i), problem: { opt, kind: "illegal" } };
      }
      if (kind === "flag") {
        options.push({ opt });
        continue;
      }
      const rest = word.slice(pos);
      pos = word.length;
      if (kind === "optional" || rest !== "") {
        options.push(kind === "optional" && rest === "" ? { opt } : { opt, arg: rest });
        continue;
      }
      if (i + 1 >= args.length) {
        return { options, operands: [], problem: { opt, kind: "missing" } };
      }
      options.push({ opt, arg: args[++i] });
    }
    i++;
  }
  return { options, operands: args.slice(i) };
}

function specKinds(spec: string): Map<string, "flag" | "required" | "optional"> {
  const kinds = new Map<string, "flag" | "required" | "optional">();
  for (let i = 0; i < spec.length; i++) {
    const next = spec[i + 1];
    if (next === ":" || next === "?") {
      kinds.set(spec[i], next === ":" ? "required" : "optional");
      i++;
    } else {
      kinds.set(spec[i], "flag");
    }
  }
  return kinds;
}

/**
 * sgetopt's complaint about a problem, e.g. `sendmail: illegal option -- z`.
 */
export function problemText(program: string, p: GetoptProblem): string {
  const what = p.kind === "illegal" ? "illegal option" : "option requires an argument";
  return `${program}: ${what} -- ${p.opt}`;
}
