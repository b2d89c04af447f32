/**
 * Sending datagrams to the system logger's socket, /dev/log, for splogger.
 * Deno grants /dev paths only to `-A`, so the dispatcher sends on the
 * sandboxed program's behalf. Without a logger listening, entries are
 * dropped, as syslog(3) drops them.
 *
 * @module
 */

/** Where syslog(3) sends (glibc's _PATH_LOG). */
const LOG_SOCKET = "/dev/log";

let socket: Deno.DatagramConn | null | undefined;

/**
 * A datagram socket to send from. Deno binds unix datagram sockets to a
 * path; the name is removed at once (sending needs none), so nothing is left
 * behind. Null when no socket can be made.
 */
function sender(): Deno.DatagramConn | null {
  if (socket !== undefined) return socket;
  const path = `/tmp/.qmail-syslog.${Deno.pid}.${crypto.randomUUID()}`;
  try {
    socket = Deno.listenDatagram({ transport: "unixpacket", path });
    Deno.removeSync(path);
  } catch {
    socket = null;
  }
  return socket;
}

/** Sends each datagram to /dev/log, in order; those that cannot be sent are dropped. */
export async function sendToSyslog(datagrams: string[]): Promise<void> {
  const s = sender();
  if (!s) return;
  const enc = new TextEncoder();
  for (const d of datagrams) {
    try {
      await s.send(enc.encode(d), { transport: "unixpacket", path: LOG_SOCKET });
    } catch {
      // no logger listening
    }
  }
}
