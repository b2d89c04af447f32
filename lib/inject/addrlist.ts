/**
 * Walking an address list (token822_addrlist): finds each address in a
 * field's tokens, hands it to a rewriting callback and rebuilds the field.
 * RFC 822 address lists are easiest to parse from right to left, so the
 * walk goes that way and addresses reach the callback reversed (last token
 * first) and in right-to-left order.
 *
 * Besides RFC 822 lists (`a@b, Joe <c@d>, group: e@f, g@h;`) it accepts the
 * old style of addresses separated only by spaces, inserting the missing
 * commas (qmail-header(5): `djb fred -> djb, fred`).
 *
 * @module
 */

import { tok, type Token } from "./token822.ts";

/** Rewrites one address given reversed (last token first); returns it, still reversed. */
export type AddressRewriter = (reversed: Token[]) => Token[];

/**
 * Rewrites every address of a header field. `field` is the whole field's
 * tokens, the first two being its name and colon. Returns the rewritten
 * tokens, or undefined on a syntax error (`;` or `:` out of place, `>`
 * without `<`); addresses right of the error have already been passed to
 * `rewrite` by then, as in qmail.
 *
 * @example
 * ```ts
 * import { tokenize, unparse } from "./token822.ts";
 * const upper: AddressRewriter = (a) => a.map((t) => ({ ...t, s: t.s.toUpperCase() }));
 * unparse(addressList(tokenize("To: joe fred")!, upper)!); // "To: JOE, FRED\n"
 * ```
 */
export function addressList(field: Token[], rewrite: AddressRewriter): Token[] | undefined {
  const out: Token[] = [];
  let addr: Token[] = [];
  let inGroup = false;
  let wordOk = true;
  const beginning = 2;
  let t = field.length - 1;

  const flush = () => {
    if (addr.length) gotAddr();
  };
  const flushComma = () => {
    if (addr.length) {
      gotAddr();
      out.push(tok(","));
    }
  };
  const gotAddr = () => {
    for (const x of rewrite(addr)) out.push(x);
    addr = [];
  };
  const addrLeft = () => addr.push(field[t--]);
  const outLeft = () => out.push(field[t--]);
  const phrase = new Set(["comment", "atom", "quote", "@", "."]);

  while (t >= beginning) {
    switch (field[t].type) {
      case ";":
        flushComma();
        if (inGroup) return undefined;
        inGroup = true;
        wordOk = true;
        break;
      case ":":
        flush();
        if (!inGroup) return undefined;
        inGroup = false;
        while (t >= beginning && field[t].type !== ",") outLeft();
        if (t >= beginning) outLeft();
        wordOk = true;
        continue;
      case ">":
        flushComma();
        outLeft();
        while (t >= beginning && field[t].type !== "<") addrLeft();
        gotAddr(); // even when empty: <>
        if (t < beginning) return undefined;
        outLeft();
        while (t >= beginning && phrase.has(field[t].type)) outLeft();
        wordOk = false;
        continue;
      case "atom":
      case "quote":
      case "literal":
        if (!wordOk) flushComma();
        wordOk = false;
        addrLeft();
        continue;
      case "comment":
        // lexically a space: does not change wordOk
        break;
      case ",":
        flush();
        wordOk = true;
        break;
      default:
        wordOk = true;
        addrLeft();
        continue;
    }
    outLeft();
  }
  flush();
  for (let i = Math.min(t, field.length - 1); i >= 0; --i) out.push(field[i]);
  return out.reverse();
}
