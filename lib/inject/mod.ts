/**
 * qmail-inject's machinery (qmail-inject(8), qmail-header(5)), for
 * cmd/qmail-inject.ts and anything else that injects mail (sendmail).
 *
 * The exported API:
 *
 * - `runInject(args, io)`: the whole program over injectable I/O (stdin,
 *   stdout, environment lookup, QMAILHOME, clock, pid, submit). Throws
 *   `InjectError` (`code` 100 or 111, `message` the text after
 *   `qmail-inject: fatal: `) or `ExitError` for a bad option.
 * - `injectMessage(input, options, setup)`: the pure core for a message in
 *   memory: returns `{ message, envelope }`. `options` is `InjectOptions`
 *   (`strategy`: "default" -A | "args" -a | "header" -h | "both" -H;
 *   `recipients`; `sender` for -f; `print` for -n, which adds the
 *   Return-Path line). `setup` is `InjectSetup` (`config` from
 *   `resolveConfig(env, control)`, `now`, `pid`, `mailingLists`).
 * - `startInjection(options, setup)` then `rewriteHeader(injection, fields)`:
 *   the same in two steps, for a header read from a stream with
 *   `splitHeader(bytes, eof)`; the body goes through `bodyChunks`.
 * - `loadSetup({ home, env, now, pid })`: reads control/me, defaultdomain,
 *   defaulthost, plusdomain, idhost and QMAILMFTFILE into an `InjectSetup`.
 * - `parseInjectArgs(args)`: qmail-inject's command line as `InjectOptions`.
 * - Address tools: `tokenize`, `unparse`, `unquote` (token822), `addressList`
 *   (walks an address list with a rewriting callback), `rewriteAddress`
 *   (qmail-inject's rules), `quote2`.
 *
 * @example
 * ```ts
 * import { injectMessage, resolveConfig } from "./mod.ts";
 * const env = (n: string) => n === "USER" ? "joe" : undefined;
 * const config = resolveConfig(env, { me: "heaven.af.mil" });
 * const { message, envelope } = injectMessage(
 *   new TextEncoder().encode("To: fred\nSubject: hi\n\nbody\n"),
 *   { strategy: "default", recipients: [] },
 *   { config, now: new Date(), pid: 1 },
 * );
 * envelope.recipients; // ["fred@heaven.af.mil"]
 * ```
 *
 * @module
 */

export { addressList, type AddressRewriter } from "./addrlist.ts";
export {
  type EnvLookup,
  type InjectConfig,
  type InjectControl,
  type InjectFlags,
  parseFlags,
  resolveConfig,
} from "./config.ts";
export { InjectError } from "./errors.ts";
export { bodyBytes, bodyChunks, type SplitHeader, splitHeader } from "./headerbody.ts";
export { type FieldType, fieldType, fieldValid } from "./hfield.ts";
export {
  type Injection,
  injectMessage,
  type InjectOptions,
  type InjectSetup,
  type RecipientStrategy,
  rewriteHeader,
  type RewrittenHeader,
  startInjection,
} from "./inject.ts";
export { parseInjectArgs } from "./options.ts";
export { quote2 } from "./quote.ts";
export { rewriteAddress, type RewriteDomains } from "./rewrite.ts";
export { type InjectIO, runInject } from "./run.ts";
export { type InjectPlace, loadSetup } from "./setup.ts";
export { type Token, tokenize, unparse, unquote } from "./token822.ts";
