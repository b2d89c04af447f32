/**
 * The two ends of the TCP connection on a descriptor, found without
 * getsockname(2)/getpeername(2), which Deno does not offer for a descriptor
 * it did not open: /proc/self/fd/N names the socket's inode
 * (`socket:[12345]`), and /proc/net/tcp and /proc/net/tcp6 list each
 * socket's addresses by inode (proc(5)). Linux only, and only the main
 * thread may read these files (Deno grants /proc/self/fd to `-A` alone), so
 * a sandboxed tcp-env asks the dispatcher.
 *
 * @module
 */

import { normalizeIp } from "./ucspi.ts";

/** One end of a connection. */
export interface Endpoint {
  ip: string;
  port: number;
}

/** Both ends of the connection on a descriptor. */
export interface TcpEnds {
  local: Endpoint;
  remote: Endpoint;
}

/** The inode of `socket:[N]` (a /proc/self/fd link), or undefined for anything else. */
export function socketInode(link: string): string | undefined {
  return /^socket:\[(\d+)\]$/.exec(link)?.[1];
}

/** /proc/net/tcp's `0100007F:0019` (little-endian words) as an address and port. */
export function parseEndpoint(hex: string): Endpoint {
  const [addr, port] = hex.split(":");
  const words = addr.match(/.{8}/g) ?? [];
  // Each 32-bit word is in host (little-endian) order.
  const bytes = words.flatMap((w) => [6, 4, 2, 0].map((i) => parseInt(w.slice(i, i + 2), 16)));
  const ip = bytes.length === 4 ? bytes.join(".") : ipv6Text(bytes);
  return { ip: normalizeIp(ip), port: parseInt(port, 16) };
}

/** RFC 5952 text of 16 address bytes; an IPv4-mapped address as dotted IPv4. */
function ipv6Text(bytes: number[]): string {
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) {
    return bytes.slice(12).join(".");
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // The longest run of two or more zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/** The ends of the socket with inode `inode` in a /proc/net/tcp or tcp6 table, or undefined. */
export function findConnection(table: string, inode: string): TcpEnds | undefined {
  for (const line of table.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    if (f.length > 9 && f[9] === inode) {
      return { local: parseEndpoint(f[1]), remote: parseEndpoint(f[2]) };
    }
  }
  return undefined;
}

/** The ends of the TCP connection on descriptor `fd`; throws when it is not one. Needs all permissions. */
export function tcpEndsOfFd(fd: number): TcpEnds {
  const inode = socketInode(Deno.readLinkSync(`/proc/self/fd/${fd}`));
  if (inode === undefined) throw new Error(`descriptor ${fd} is not a socket`);
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = Deno.readTextFileSync(table);
    } catch {
      continue;
    }
    const ends = findConnection(text, inode);
    if (ends) return ends;
  }
  throw new Error(`descriptor ${fd} is not a TCP connection`);
}
