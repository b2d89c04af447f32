/**
 * The services qmailctl manages, as the install guide's supervise layout has
 * them (qmail-send, qmail-smtpd; qmail-pop3d as the FAQ runs it), and the
 * command line each runs with when no service manager starts it. Pure: the
 * caller reads the control files and accounts.
 *
 * @module
 */

/** A service's name, also its systemd unit's name without `.service`. */
export type ServiceName = "qmail-send" | "qmail-smtpd" | "qmail-pop3d";

/** Every service, in start order. */
export const SERVICES: readonly ServiceName[] = ["qmail-send", "qmail-smtpd", "qmail-pop3d"];

/**
 * The program a service's main process runs (its argv holds this word):
 * qmail-start for qmail-send (qmail-start forwards HUP, ALRM and TERM to
 * qmail-send), the built-in tcpserver for the listeners.
 */
export function mainProgram(s: ServiceName): string {
  return s === "qmail-send" ? "qmail-start" : "tcpserver";
}

/** What a service's command line is made of. */
export interface CommandConfig {
  home: string;
  /** control/me's first line (tcpserver -l, qmail-popup's host name). */
  me: string;
  /** control/concurrencyincoming, default 20 (install guide). */
  concurrency: number;
  /** `[uid, gid]` of qmaild for tcpserver -u/-g; undefined: stay as the caller. */
  qmaild?: [number, number];
  /** "HOST PORT" to listen on. */
  listen: string;
}

/**
 * The argv a service runs with, the same as its systemd unit's ExecStart.
 *
 * @example
 * ```ts
 * serviceCommand("qmail-send", cfg); // ["/var/qmail/bin/qmail-start"]
 * ```
 */
export function serviceCommand(s: ServiceName, c: CommandConfig): string[] {
  const bin = `${c.home}/bin`;
  const [host, port] = c.listen.trim().split(/\s+/);
  // qmail-start with no argument reads control/defaultdelivery (rc's backquotes).
  if (s === "qmail-send") return [`${bin}/qmail-start`];
  const ids = c.qmaild ? ["-u", String(c.qmaild[0]), "-g", String(c.qmaild[1])] : [];
  if (s === "qmail-smtpd") {
    return [
      `${bin}/tcpserver`,
      "-v",
      "-R",
      "-l",
      c.me,
      "-x",
      `${c.home}/control/tcp.smtp.cdb`,
      "-c",
      String(c.concurrency),
      ...ids,
      host,
      port,
      `${bin}/qmail-smtpd`,
    ];
  }
  return [
    `${bin}/tcpserver`,
    "-v",
    "-R",
    // -X: no rules database means every client is allowed.
    "-X",
    "-x",
    `${c.home}/control/tcp.pop3.cdb`,
    "-c",
    "40",
    host,
    port,
    `${bin}/qmail-popup`,
    c.me,
    `${bin}/checkpassword`,
    `${bin}/qmail-pop3d`,
    "Maildir",
  ];
}

/** The refusal qmail's run script prints when control/rcpthosts is missing. */
export function openRelayRefusal(home: string): string[] {
  return [
    `No ${home}/control/rcpthosts!`,
    "Refusing to start SMTP listener because it would create an open relay",
  ];
}
