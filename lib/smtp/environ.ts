/**
 * What qmail-smtpd learns from its environment (tcp-environ(5), set by
 * tcpserver or tcp-env; qmail-smtpd(8)): who is connected, whether it may
 * relay, and a DATABYTES override. The environment is passed in as an
 * object, so the built-in tcpserver can run sessions in-process, each with
 * its own.
 *
 * @module
 */

/** A session's environment: variable name → value (undefined when unset). */
export type SmtpEnv = Readonly<Record<string, string | undefined>>;

/** The connection as qmail-smtpd sees it. */
export interface Connection {
  /** TCPREMOTEIP, or "unknown". */
  remoteIp: string;
  /** TCPREMOTEHOST, or "unknown". */
  remoteHost: string;
  /** TCPREMOTEINFO, if set. */
  remoteInfo?: string;
  /** TCPLOCALHOST, else TCPLOCALIP, else "unknown". */
  local: string;
  /** TCPLOCALIP, if set (it is one of this host's addresses). */
  localIp?: string;
  /** RELAYCLIENT, if set (even to the empty string). */
  relayClient?: string;
}

/**
 * Reads the connection from tcp-environ(5) variables, with qmail-smtpd's
 * defaults.
 *
 * @example
 * ```ts
 * connectionFromEnv({ TCPREMOTEIP: "127.0.0.1", RELAYCLIENT: "" }).relayClient; // ""
 * ```
 */
export function connectionFromEnv(env: SmtpEnv): Connection {
  const c: Connection = {
    remoteIp: env.TCPREMOTEIP ?? "unknown",
    remoteHost: env.TCPREMOTEHOST ?? "unknown",
    local: env.TCPLOCALHOST ?? env.TCPLOCALIP ?? "unknown",
  };
  if (env.TCPREMOTEINFO !== undefined) c.remoteInfo = env.TCPREMOTEINFO;
  if (env.TCPLOCALIP !== undefined) c.localIp = env.TCPLOCALIP;
  if (env.RELAYCLIENT !== undefined) c.relayClient = env.RELAYCLIENT;
  return c;
}

/**
 * DATABYTES from the environment, read like qmail's scan_ulong (leading
 * digits; none means 0), or undefined when unset.
 */
export function databytesFromEnv(env: SmtpEnv): number | undefined {
  const x = env.DATABYTES;
  if (x === undefined) return undefined;
  const m = /^\d+/.exec(x);
  return m ? Number(m[0]) : 0;
}
