/**
 * qmail-smtpd as a function: one SMTP session over any pair of byte streams,
 * configured from the qmail tree's control files and a tcp-environ(5)
 * environment object. cmd/qmail-smtpd.ts runs it on stdin/stdout; the
 * built-in tcpserver runs it in-process for each connection.
 *
 * @module
 */

import { ControlError } from "../control/read.ts";
import { submit } from "../queue/submit.ts";
import type { LocalIpHost } from "./address.ts";
import { acquireSmtpdControls } from "./controls.ts";
import { holdDirHandles } from "../queue/dirsync.ts";
import { connectionFromEnv, databytesFromEnv, type SmtpEnv } from "./environ.ts";
import type { ByteReader } from "./reader.ts";
import { REPLY } from "./replies.ts";
import { type QueueFn, serveSmtp } from "./serve.ts";
import type { SessionConfig } from "./session.ts";
import type { ByteWriter } from "./writer.ts";

/** qmail never limited recipients; RFC 5321 4.5.3.1.8 asks for at least 100. */
export const MAX_RECIPIENTS = 1000;

/** How to run a session. */
export interface SmtpdOptions {
  /** QMAILHOME. */
  home: string;
  /** The session's environment (tcp-environ(5), RELAYCLIENT, DATABYTES). */
  env: SmtpEnv;
  /** Where messages go; default: the queue under `home` through qmail-queue's contract. */
  queue?: QueueFn;
  /** The clock; default the system's. */
  now?: () => Date;
  /** This host's IPv4 addresses (for `[d.d.d.d]` literals); default from the interfaces. */
  localIps?: () => string[];
}

/**
 * Runs one qmail-smtpd session and returns its exit code (0 after QUIT, 1
 * otherwise). Control files are read as qmail does at the start of a
 * session, or shared with sessions that started less than a second ago;
 * the queue's directory handles stay open while any session runs.
 *
 * @example
 * ```ts
 * const code = await runSmtpd(Deno.stdin, Deno.stdout, { home: "/var/qmail", env: {} });
 * ```
 */
export async function runSmtpd(
  input: ByteReader,
  output: ByteWriter,
  opts: SmtpdOptions,
): Promise<number> {
  let held;
  try {
    held = acquireSmtpdControls(opts.home);
  } catch (e) {
    if (!(e instanceof ControlError)) throw e;
    await output.write(new TextEncoder().encode(`${REPLY.control}\r\n`)).catch(() => {});
    return 1;
  }
  const { controls } = held;
  const dirs = holdDirHandles();
  try {
    const conn = connectionFromEnv(opts.env);
    const localIps = opts.localIps ?? interfaceAddresses;
    let mine: Set<string> | undefined;
    const lip: LocalIpHost | undefined = controls.localIpHost === undefined ? undefined : {
      name: controls.localIpHost,
      isLocal(ip) {
        // qmail's ipme: 0.0.0.0 and every interface address (computed on first use).
        mine ??= new Set(["0.0.0.0", ...localIps(), ...(conn.localIp ? [conn.localIp] : [])]);
        return mine.has(ip);
      },
    };
    const config: SessionConfig = {
      greeting: controls.greeting,
      databytes: databytesFromEnv(opts.env) ?? controls.databytes,
      remoteHost: conn.remoteHost,
      relayClient: conn.relayClient,
      badMailFrom: controls.badMailFrom,
      rcptAllowed: controls.rcptAllowed,
      localIpHost: lip,
      maxRecipients: MAX_RECIPIENTS,
    };
    return await serveSmtp(input, output, {
      config,
      connection: {
        remoteHost: conn.remoteHost,
        remoteIp: conn.remoteIp,
        remoteInfo: conn.remoteInfo,
        local: conn.local,
      },
      timeoutSeconds: controls.timeoutSeconds,
      queue: opts.queue ?? queueUnder(opts.home, opts.env),
      now: opts.now,
    });
  } finally {
    dirs.release();
    held.release();
  }
}

/**
 * The default QueueFn: qmail-queue's contract under `home`, "invoked from
 * network"; the session's environment says whether QMAILQUEUE replaces it.
 */
export function queueUnder(home: string, env?: SmtpEnv): QueueFn {
  return (message, envelope) => submit({ home, message, envelope, origin: "network", env });
}

/** This host's IPv4 addresses, or just loopback when they cannot be listed. */
function interfaceAddresses(): string[] {
  try {
    return Deno.networkInterfaces().filter((i) => i.family === "IPv4").map((i) => i.address);
  } catch {
    return ["127.0.0.1"];
  }
}
