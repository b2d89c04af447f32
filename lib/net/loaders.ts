/**
 * The code of the in-process servers (lib/net/inprocess.ts names them),
 * loaded when tcpserver first needs one. Literal `import()`s, so the sandbox
 * lets the worker load them and `deno compile` includes them.
 *
 * @module
 */

import type { ServerMain } from "./inprocess.ts";

const loaders: Record<string, () => Promise<ServerMain>> = {
  "qmail-smtpd": async () => {
    const { runSmtpd } = await import("../smtp/smtpd.ts");
    return (c) => runSmtpd(c.input, c.output, { home: c.home, env: c.env });
  },
  "qmail-qmtpd": async () => {
    const { runQmtpd } = await import("../qmtp/qmtpd.ts");
    return (c) => runQmtpd(c.input, c.output, { home: c.home, env: c.env, log: c.log });
  },
  "qmail-qmqpd": async () => {
    const { runQmqpd } = await import("../qmtp/qmqpd.ts");
    return (c) => runQmqpd(c.input, c.output, { home: c.home, env: c.env, log: c.log });
  },
  "rblsmtpd": async () => (await import("../rbl/server.ts")).rblsmtpdServer,
  "qmail-popup": async () => (await import("../pop3/popup_server.ts")).popupServer,
};

const loaded = new Map<string, Promise<ServerMain>>();

/** The server named `name` (one of inProcessServers'), loaded once. */
export function loadServer(name: string): Promise<ServerMain> {
  let server = loaded.get(name);
  if (!server) {
    server = loaders[name]();
    loaded.set(name, server);
  }
  return server;
}
