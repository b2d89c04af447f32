/**
 * qmail's control files: the primitives (read.ts), the table of every file
 * (files.ts), the typed reader (control.ts), and the lookups built on them
 * (rcpthosts, badmailfrom, smtproutes, virtualdomains, recipient routing),
 * qmail-newmrh's compiler and qmail-showctl's report.
 *
 * @module
 */

export { BadMailFrom } from "./badmailfrom.ts";
export { BREAK, PATRN, SPAWN, SPLIT } from "./compiled.ts";
export { asciiLower, ConstMap } from "./constmap.ts";
export {
  Control,
  CONTROL_NAMES,
  type ControlName,
  type ControlValues,
  loadControl,
  readControl,
} from "./control.ts";
export { CONTROL_FILES, type ControlFileSpec, controlFileSpec, type ControlKind } from "./files.ts";
export { compileMoreRcptHosts, moreRcptHostsKeys, NewMrhError } from "./morercpthosts.ts";
export { hostSuffixes, RcptHosts } from "./rcpthosts.ts";
export {
  ControlError,
  readControlInt,
  readControlLine,
  readControlLines,
  readControlText,
} from "./read.ts";
export { printable, showControls } from "./showctl.ts";
export { type RecipientRoute, RecipientRouter, type RoutingControls } from "./rewrite.ts";
export {
  parseRelay,
  SMTP_PORT,
  type SmtpRoute,
  type SmtpRouteEntry,
  smtpRouteKeys,
  SmtpRoutes,
} from "./smtproutes.ts";
export { type VirtualDomainEntry, virtualDomainKeys, VirtualDomains } from "./virtualdomains.ts";
