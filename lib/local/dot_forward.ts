/**
 * dot-forward(1): sendmail-style .forward instructions under qmail, from a
 * .qmail line such as `|dot-forward .forward`. Each line not starting with
 * `#` holds addresses, read as qmail-inject reads a header's (qmail-header(5):
 * comments, `Name <addr>`, quoted local parts, addresses separated by commas
 * or only by spaces) and rewritten as qmail-inject rewrites them (a bare
 * name gets `@defaulthost`, a host without a dot `.defaultdomain`). Then:
 *
 * - `|command` (no domain) is a program to feed the message to;
 * - $USER (no domain) or $USER@$HOST, in any case, is direct delivery: the
 *   rest of the .qmail file delivers (`\user` is the same as `user`);
 * - a path (`/file`, `:include:/file`) is refused: dot-forward does no file
 *   deliveries;
 * - anything else is an address to forward to.
 *
 * Compared with dot-forward 0.71 (Debian's, in tests/dot_forward_test.ts),
 * the listing and exit code agree but for two departures, both from
 * qmail-inject's rules: a group's name (`staff: a@b;`) is not taken for an
 * address, and an empty host part (`joe@`) gets the default host rather
 * than becoming `joe@.defaultdomain`.
 *
 * @module
 */

import { addressList } from "../inject/addrlist.ts";
import type { RewriteDomains } from "../inject/rewrite.ts";
import { rewriteAddress } from "../inject/rewrite.ts";
import { type Token, tokenize, unquote } from "../inject/token822.ts";

/** One instruction: forward to an address, or feed the message to a command. */
export type ForwardStep = { forward: string } | { pipe: string };

/** What a .forward file asks for. */
export interface ForwardPlan {
  /** Forwards and commands, in the order dot-forward lists them (each line right to left). */
  steps: ForwardStep[];
  /** True when the file names the user itself: the rest of the .qmail file delivers. */
  direct: boolean;
}

/** A plan with nothing in it yet. */
export function emptyPlan(): ForwardPlan {
  return { steps: [], direct: false };
}

/** A .forward line dot-forward cannot follow: its exit code and message. */
export class ForwardFileError extends Error {
  constructor(readonly code: 100 | 111, message: string) {
    super(message);
    this.name = "ForwardFileError";
  }
}

/** Who the mail is for ($USER and $HOST from qmail-local) and the rewriting domains. */
export interface ForwardContext {
  user: string;
  host: string;
  domains: RewriteDomains;
}

/** True when `text` holds nothing but blank lines and `#` comments (dot-forward skips the file). */
export function isEmptyForward(text: string): boolean {
  return text.split("\n").every((l) => l.trim() === "" || l.startsWith("#"));
}

/**
 * Reads a .forward file's text into `plan`. Throws ForwardFileError, `plan`
 * then holding what came before the line in error (dot-forward -n lists it).
 */
export function planForward(text: string, ctx: ForwardContext, plan = emptyPlan()): ForwardPlan {
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const include = /^\s*:include:\s*(\S*)/.exec(line);
    if (include) fileDelivery(include[1]);
    const tokens = tokenize(`To: ${line}`);
    // Addresses right of an error are taken before it is found, as in dot-forward.
    if (!tokens || !addressList(tokens, (a) => (take(a, ctx, plan), a))) {
      throw new ForwardFileError(111, `unable to parse this line: ${line}`);
    }
  }
  return plan;
}

function fileDelivery(path: string): never {
  throw new ForwardFileError(111, `file delivery ${path} not supported`);
}

/** Files one address (reversed tokens, as the address-list walk gives them) into the plan. */
function take(reversed: Token[], ctx: ForwardContext, plan: ForwardPlan): void {
  const bare = unquote([...reversed].reverse());
  if (bare === "") return;
  if (!bare.includes("@")) {
    if (bare.startsWith("|")) return void plan.steps.push({ pipe: bare.slice(1) });
    if (bare.startsWith("/")) fileDelivery(bare);
    if (bare.toLowerCase() === ctx.user.toLowerCase()) return void (plan.direct = true);
  } else if (bare.toLowerCase() === `${ctx.user}@${ctx.host}`.toLowerCase()) {
    return void (plan.direct = true);
  }
  plan.steps.push({ forward: unquote(rewriteAddress(reversed, ctx.domains).reverse()) });
}

/** dot-forward -n's listing of a plan, one instruction a line. */
export function describePlan(plan: ForwardPlan): string {
  const lines = plan.steps.map((s) =>
    "forward" in s ? `forward ${s.forward}\n` : `pipe through ${s.pipe}\n`
  );
  return lines.join("") + (plan.direct ? "direct delivery\n" : "");
}
