/**
 * qmail-inject's header rewriting (qmail-inject(8), qmail-header(5)) as pure
 * functions: `startInjection` takes the options (recipient arguments, -f),
 * `rewriteHeader` takes the header fields and gives the new header and the
 * envelope, `injectMessage` does both for a message held in memory.
 *
 * @module
 */

import type { Envelope } from "../queue/envelope.ts";
import { addressList, type AddressRewriter } from "./addrlist.ts";
import type { InjectConfig } from "./config.ts";
import { InjectError, parseFailure } from "./errors.ts";
import { bodyBytes, splitHeader } from "./headerbody.ts";
import { type FieldType, fieldType, fieldValid, RESENT_FIELDS } from "./hfield.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import { dateField, messageIdField } from "./newfield.ts";
import { quote2, quoteNeed } from "./quote.ts";
import { rewriteAddress } from "./rewrite.ts";
import { finishFollowupTo } from "./followup.ts";
import { tok, type Token, tokenize, unparse, unquote } from "./token822.ts";

/**
 * Which addresses get the message (qmail-inject(8)): `default` (-A) the
 * arguments, or the header's recipients when there are none; `args` (-a)
 * only the arguments; `header` (-h) only the header's; `both` (-H).
 */
export type RecipientStrategy = "default" | "args" | "header" | "both";

/** qmail-inject's command-line options. */
export interface InjectOptions {
  strategy: RecipientStrategy;
  /** The recipient arguments. */
  recipients: string[];
  /** -f: the envelope sender, overriding Return-Path and the environment. */
  sender?: string;
  /** -n: the message is printed, so it starts with a Return-Path line. */
  print?: boolean;
}

/** The world outside the message: configuration, clock, process id, Mail-Followup-To lists. */
export interface InjectSetup {
  config: InjectConfig;
  now: Date;
  pid: number;
  /** QMAILMFTFILE's mailing-list addresses; undefined when there is no such file. */
  mailingLists?: string[];
}

/** An injection after its options were taken, waiting for the header. */
export interface Injection {
  setup: InjectSetup;
  print: boolean;
  /** The rewritten -f address. */
  sender?: string;
  /** The rewritten recipient arguments. */
  recipients: string[];
  /** Whether the header's recipients get the message too. */
  headerRecipients: boolean;
}

/** The rewritten header and the envelope. */
export interface RewrittenHeader {
  /** The header fields, one character per byte, without the blank line after them. */
  header: string;
  envelope: Envelope;
}

/** Rewrites one bare address (a -f or recipient argument, already quoted by quote2). */
function rewriteBare(quoted: string, setup: InjectSetup): string | undefined {
  const tokens = tokenize(quoted);
  if (!tokens) return undefined;
  return unquote(rewriteAddress(tokens.reverse(), setup.config).reverse());
}

/**
 * Takes qmail-inject's options: rewrites -f and the recipient arguments.
 * Throws InjectError (100) for an address that does not parse.
 */
export function startInjection(options: InjectOptions, setup: InjectSetup): Injection {
  let sender: string | undefined;
  if (options.sender !== undefined) {
    const quoted = quote2(options.sender);
    sender = rewriteBare(quoted, setup);
    if (sender === undefined) throw parseFailure(quoted);
  }
  let strategy = options.strategy;
  if (strategy === "default") strategy = options.recipients.length ? "args" : "header";
  const recipients: string[] = [];
  if (strategy !== "header") {
    for (const r of options.recipients) {
      const got = rewriteBare(quote2(r), setup);
      if (got === undefined) throw new InjectError(100, `unable to parse address: ${r}`);
      recipients.push(got);
    }
  }
  return {
    setup,
    print: options.print ?? false,
    sender,
    recipients,
    headerRecipients: strategy !== "args",
  };
}

/** Fields that are rewritten but not passed on. */
const DROPPED: FieldType[] = ["bcc", "resent-bcc", "return-path", "content-length"];

/** The mutable state of one header's rewriting. */
class HeaderState {
  readonly seen = new Set<FieldType>();
  readonly saved: string[] = [];
  /** Addresses from To, Cc, Bcc, Apparently-To. */
  readonly headerRecips: string[] = [];
  /** Addresses from Resent-To, Resent-Cc, Resent-Bcc. */
  readonly resentRecips: string[] = [];
  /** Addresses from To and Cc (for Mail-Followup-To). */
  readonly toCc: string[] = [];
  sender: string | undefined;

  constructor(readonly inj: Injection) {
    this.sender = inj.sender;
  }

  /** Rewrites an address, then records it (forward order, unquoted) in `lists`. */
  collect(...lists: string[][]): AddressRewriter {
    return (addr) => {
      const out = rewriteAddress(addr, this.inj.setup.config);
      const bare = unquote([...out].reverse());
      for (const l of lists) l.push(bare);
      return out;
    };
  }

  /** Rewrites a Return-Path address; the first one seen sets the envelope sender. */
  readonly returnPath: AddressRewriter = (addr) => {
    const out = rewriteAddress(addr, this.inj.setup.config);
    if (this.sender === undefined) {
      const verp = this.inj.setup.config.flags.verpRecipient ? "-@[]" : "";
      this.sender = unquote([...out].reverse()) + verp;
    }
    return out;
  };

  readonly senderField: AddressRewriter = (addr) => rewriteAddress(addr, this.inj.setup.config);

  /** The rewriter for a field type, and whether a parse failure is forgiven. */
  rewriterFor(type: FieldType): [AddressRewriter, boolean] | undefined {
    switch (type) {
      case "to":
      case "cc":
        return [this.collect(this.headerRecips, this.toCc), true];
      case "bcc":
      case "apparently-to":
        return [this.collect(this.headerRecips), true];
      case "resent-to":
      case "resent-cc":
      case "resent-bcc":
        return [this.collect(this.resentRecips), true];
      case "return-path":
        return [this.returnPath, false];
      case "sender":
      case "from":
      case "reply-to":
      case "return-receipt-to":
      case "errors-to":
      case "resent-sender":
      case "resent-from":
      case "resent-reply-to":
        return [this.senderField, false];
    }
    return undefined;
  }

  /** Takes one header field (qmail-inject.c's doheaderfield). */
  field(h: string): void {
    const type = fieldType(h);
    const { flags } = this.inj.setup.config;
    if (flags.deleteFrom && type === "from") return;
    if (flags.deleteMessageId && type === "message-id") return;
    if (flags.deleteReturnPath && type === "return-path") return;
    if (type) this.seen.add(type);
    else if (!fieldValid(h)) {
      throw new InjectError(100, `invalid header field: ${h.replace(/\n$/, "")}`);
    }
    const rw = this.rewriterFor(type);
    if (rw) {
      const [rewriter, mayFail] = rw;
      const tokens = tokenize(h);
      const out = tokens && addressList(tokens, rewriter);
      if (out) h = unparse(out);
      else if (!mayFail) throw parseFailure(h);
      // A recipient field that does not parse passes unchanged (notqmail).
    }
    if (!DROPPED.includes(type)) this.saved.push(h);
  }

  /** Rewrites a field qmail-inject made up itself, as if it had come in the header. */
  synthesize(tokens: Token[], rewriter: AddressRewriter): string {
    const text = unparse(tokens);
    const parsed = tokenize(text);
    const out = parsed && addressList(parsed, rewriter);
    if (!out) throw parseFailure(text);
    return unparse(out);
  }

  /** The From field made from the user's name and address (defaultfrommake). */
  defaultFrom(): string {
    const c = this.inj.setup.config;
    const angle = c.name !== undefined && !c.flags.nameComment;
    const t: Token[] = [tok("atom", "From"), tok(":")];
    if (angle) t.push(tok("quote", c.name), tok("<"));
    t.push(tok(quoteNeed(c.user) ? "quote" : "atom", c.user));
    if (c.host !== undefined) t.push(tok("@"), tok("atom", c.host));
    if (angle) t.push(tok(">"));
    if (c.name !== undefined && c.flags.nameComment) t.push(tok("comment", c.name));
    return this.synthesize(t, this.senderField);
  }

  /** Sets the envelope sender from the environment (dodefaultreturnpath). */
  defaultReturnPath(): void {
    const { config: c, now, pid } = this.inj.setup;
    let user = c.senderUser;
    if (c.flags.verpMessage) user += `-${Math.floor(now.getTime() / 1000)}.${pid}`;
    if (c.flags.verpRecipient) user += "-";
    const t: Token[] = [tok("atom", "Return-Path"), tok(":"), tok("quote", user)];
    if (c.senderHost !== undefined) t.push(tok("@"), tok("atom", c.senderHost));
    this.synthesize(t, this.returnPath);
  }

  /** Adds the missing fields and gives the result (qmail-inject.c's finishheader). */
  finish(): RewrittenHeader {
    const resent = RESENT_FIELDS.some((t) => this.seen.has(t));
    if (this.sender === undefined) this.defaultReturnPath();
    const sender = this.sender ?? "";
    const { now, pid, config } = this.inj.setup;
    let head = this.inj.print ? `Return-Path: <${quote2(sender)}>\n` : "";
    const p = resent ? "Resent-" : "";
    const has = (t: string) => this.seen.has(`${p.toLowerCase()}${t}` as FieldType);
    if (!has("date")) head += p + dateField(now);
    if (!has("message-id")) head += p + messageIdField(now, pid, config.idhost);
    if (!has("from")) head += p + this.defaultFrom();
    if (!has("to") && !has("cc")) head += `${p}Cc: recipient list not shown: ;\n`;
    if (!resent && !this.seen.has("mail-followup-to")) {
      head += finishFollowupTo(this.toCc, this.inj.setup.mailingLists);
    }
    const fromHeader = resent ? this.resentRecips : this.headerRecips;
    const recipients = [...this.inj.recipients, ...(this.inj.headerRecipients ? fromHeader : [])];
    return { header: head + this.saved.join(""), envelope: { sender, recipients } };
  }
}

/**
 * Rewrites a header given as fields (see splitHeader) and computes the
 * envelope. Throws InjectError (100) on a sender field that does not parse.
 */
export function rewriteHeader(inj: Injection, fields: string[]): RewrittenHeader {
  const state = new HeaderState(inj);
  for (const f of fields) state.field(f);
  return state.finish();
}

/**
 * Runs qmail-inject over a whole message in memory: the rewritten message
 * (header, blank line, body) and its envelope. The body is passed through
 * unchanged, except that a missing final newline is added.
 *
 * @example
 * ```ts
 * import { resolveConfig } from "./config.ts";
 * const env = (n: string) => n === "USER" ? "joe" : undefined;
 * const setup = { config: resolveConfig(env, { me: "x.org" }),
 *   now: new Date(0), pid: 1 };
 * const { envelope } = injectMessage(new TextEncoder().encode("To: fred\n\nhi\n"),
 *   { strategy: "default", recipients: [] }, setup);
 * envelope; // { sender: "joe@x.org", recipients: ["fred@x.org"] }
 * ```
 */
export function injectMessage(
  input: Uint8Array,
  options: InjectOptions,
  setup: InjectSetup,
): { message: Uint8Array; envelope: Envelope } {
  const inj = startInjection(options, setup);
  const split = splitHeader(input, true)!;
  const { header, envelope } = rewriteHeader(inj, split.fields);
  const head = latin1ToBytes(header);
  const body = bodyBytes(input, split);
  const message = new Uint8Array(head.length + body.length);
  message.set(head);
  message.set(body, head.length);
  return { message, envelope };
}
