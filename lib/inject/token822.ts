/**
 * RFC 822 header tokens the way qmail-inject sees them (qmail's token822):
 * atoms, quoted strings, domain literals, comments and the specials
 * `< > @ , ; : .`. Parsing never fails except on an unbalanced comment,
 * quoted string or literal, or a `)`/`]` where a token starts; unparsing
 * puts each address of a list on its own line when the line grows past
 * 80 columns.
 *
 * Strings are byte strings: one character (0–255) per byte of the header.
 *
 * @module
 */

/** What a token is. Specials are named by their character. */
export type TokenType =
  | "atom"
  | "quote"
  | "literal"
  | "comment"
  | "<"
  | ">"
  | "@"
  | ","
  | ";"
  | ":"
  | ".";

/** One token; `s` is the text of an atom, quoted string, literal or comment (unescaped). */
export interface Token {
  type: TokenType;
  s: string;
}

/** The specials that are tokens by themselves. */
const SPECIALS: Record<string, TokenType> = {
  ".": ".",
  ",": ",",
  "@": "@",
  "<": "<",
  ">": ">",
  ":": ":",
  ";": ";",
};

/** Characters that end an atom (token822.c's atomok). */
const NOT_ATOM = new Set([" ", "\t", "\r", "\n", "(", "[", '"', "<", ">", ";", ":", "@", ",", "."]);

/** A token of `type` with text `s` (empty for specials). */
export function tok(type: TokenType, s = ""): Token {
  return { type, s };
}

/**
 * Reads a bracketed token (comment, quoted string or literal) starting just
 * after its opening character; returns its text and the index of its closing
 * character, or undefined when the input ends first. In a comment, nested
 * parentheses count levels but are not kept in the text.
 */
function bracketed(src: string, i: number, close: string): [string, number] | undefined {
  let level = 1;
  let text = "";
  while (level) {
    if (++i >= src.length) return undefined;
    const c = src[i];
    if (close === ")" && c === "(") ++level;
    else if (c === close) --level;
    else if (c === "\\") {
      if (++i >= src.length) return undefined;
      text += src[i];
    } else text += c;
  }
  return [text, i];
}

/**
 * Splits header text into tokens, or returns undefined when it cannot be
 * parsed (token822_parse returning 0). An atom holding a character outside
 * printable ASCII, `)`, `]` or a backslash becomes a quoted string.
 *
 * @example
 * ```ts
 * tokenize("To: Joe <joe@x>")!.map((t) => t.type);
 * // ["atom", ":", "atom", "<", "atom", "@", "atom", ">"]
 * ```
 */
export function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  for (let i = 0; i < src.length; ++i) {
    const c = src[i];
    if (SPECIALS[c]) {
      out.push(tok(SPECIALS[c]));
      continue;
    }
    switch (c) {
      case " ":
      case "\t":
      case "\r":
      case "\n":
        continue;
      case ")":
      case "]":
        return undefined;
      case "(":
      case '"':
      case "[": {
        const close = c === "(" ? ")" : c === "[" ? "]" : '"';
        const got = bracketed(src, i, close);
        if (!got) return undefined;
        out.push(tok(c === "(" ? "comment" : c === "[" ? "literal" : "quote", got[0]));
        i = got[1];
        continue;
      }
    }
    let text = "";
    do {
      if (src[i] === "\\" && ++i >= src.length) break;
      text += src[i];
      if (++i >= src.length) break;
    } while (!NOT_ATOM.has(src[i]));
    --i;
    out.push(tok(atomNeedsQuote(text) ? "quote" : "atom", text));
  }
  return out;
}

/** token822.c's atomcheck: atoms with these characters are written as quoted strings. */
function atomNeedsQuote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 0x29 || c === 0x5d || c === 0x5c) return true;
  }
  return false;
}

const WORDS = new Set<TokenType>(["atom", "literal", "quote", "comment"]);

/** Whether unparse puts a space between tokens of these types (token822.c's needspace). */
function needSpace(prev: TokenType | undefined, next: TokenType): boolean {
  if (!prev) return false;
  if (prev === ":" || prev === ",") return true;
  if (next === "<") return true;
  return WORDS.has(prev) && WORDS.has(next);
}

const OPEN: Partial<Record<TokenType, string>> = { quote: '"', literal: "[", comment: "(" };
const CLOSE: Partial<Record<TokenType, string>> = { quote: '"', literal: "]", comment: ")" };

/** Backslash-escapes the characters unparse must not write bare. */
function escapeText(s: string): string {
  return s.replace(/["[\]()\\\r\n]/g, (c) => "\\" + c);
}

/**
 * Writes tokens back as header text ending in a newline. After each comma a
 * line break (newline and a space) is kept only when the line would
 * otherwise grow past `lineLength` columns (0: never break); so long address
 * lists come out one address per line, indented by two spaces.
 *
 * @example
 * ```ts
 * unparse(tokenize("To:a@b,c@d")!); // "To: a@b, c@d\n"
 * ```
 */
export function unparse(tokens: Token[], lineLength = 80): string {
  const out: string[] = []; // one character per element, so indexes are columns
  const put = (s: string) => {
    for (const c of s) out.push(c);
  };
  let lineStart = 0;
  let pending = -1; // where an optional "\n " sits, or -1
  const lineBreak = () => {
    const at = out.length;
    if (pending >= 0 && (!lineLength || at - lineStart <= lineLength)) {
      out.splice(pending, 2);
      pending = out.length;
    } else {
      if (pending >= 0) lineStart = pending + 1;
      pending = at;
    }
    out.push("\n", " ");
  };
  let last: TokenType | undefined;
  for (const t of tokens) {
    if (needSpace(last, t.type)) out.push(" ");
    last = t.type;
    if (t.type === ",") {
      out.push(",");
      lineBreak();
    } else if (WORDS.has(t.type)) {
      put((OPEN[t.type] ?? "") + escapeText(t.s) + (CLOSE[t.type] ?? ""));
    } else out.push(t.type);
  }
  lineBreak();
  out.pop();
  return out.join("");
}

/**
 * The tokens as a bare address: comments dropped, quoted strings without
 * their quotes, literals in brackets (token822_unquote).
 *
 * @example
 * ```ts
 * unquote(tokenize('"joe q"@x (Joe)')!); // "joe q@x"
 * ```
 */
export function unquote(tokens: Token[]): string {
  let s = "";
  for (const t of tokens) {
    if (t.type === "comment") continue;
    if (t.type === "literal") s += `[${t.s}]`;
    else if (t.type === "atom" || t.type === "quote") s += t.s;
    else s += t.type;
  }
  return s;
}
