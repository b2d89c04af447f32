/**
 * qmail-popup as an in-process server of the built-in tcpserver
 * (lib/net/inprocess.ts): one call per connection, the subprogram
 * (checkpassword …) spawned with the connection pumped through pipes and the
 * connection's environment.
 *
 * @module
 */

import type { ByteReader } from "../smtp/reader.ts";
import type { ByteWriter } from "../smtp/writer.ts";
import { servePopup } from "./popup.ts";
import { POPUP_REPLY } from "./popup_session.ts";
import { nextCommand } from "../cli/next_program.ts";
import { programs } from "../../cmd/registry.ts";

/** A connection's environment: variable → value, undefined when unset. */
export type ServerEnv = Record<string, string | undefined>;

/** What the server uses of tcpserver's per-connection call (lib/net/inprocess.ts ServerCall). */
export interface PopupCall {
  input: ByteReader;
  output: ByteWriter;
  env: ServerEnv;
  args: string[];
  /** The connection's number (tcpserver's `pid N`): the pid in the APOP timestamp. */
  id: number;
}

/** This process's environment with the connection's variables over it (undefined removes). */
export function childEnv(
  connection: ServerEnv,
  base?: Record<string, string>,
): Record<string, string> {
  let env: Record<string, string>;
  try {
    env = base ?? Deno.env.toObject();
  } catch {
    env = {};
  }
  const out = { ...env };
  for (const [k, v] of Object.entries(connection)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Serves one connection: `qmail-popup hostname subprogram [ arg ... ]`; exits 1 as qmail-popup. */
export async function popupServer(call: PopupCall): Promise<number> {
  const [hostname, ...subprogram] = call.args;
  if (!hostname || subprogram.length === 0) {
    await call.output.write(new TextEncoder().encode(`${POPUP_REPLY.usage}\r\n`));
    return 1;
  }
  return await servePopup(call.input, call.output, {
    hostname,
    command: nextCommand(subprogram, (n) => Object.hasOwn(programs, n)),
    childIo: "pipe",
    pid: call.id,
    env: childEnv(call.env),
  });
}
