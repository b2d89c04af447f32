/**
 * qmail's dead-host table, queue/lock/tcpto (tcpto.c, qmail-tcpto(8)), as
 * pure functions on its bytes: 1024 bytes, 64 records of 16 bytes. A record
 * is the IPv4 address (bytes 0–3), the count of recent timeouts (byte 4),
 * and the time of the last one in seconds, little-endian (bytes 8–11).
 *
 * A host is skipped when it timed out at least twice and the last time was
 * less than (60 + (pid & 31)) × 64 seconds ago (about an hour); a second
 * timeout counts only two minutes after the first. A successful connection
 * zeroes the count. When the table is full, the record whose time plus
 * count × 1024 s is oldest is replaced.
 *
 * IPv6 addresses do not fit qmail's format; they live in a second file of
 * the same shape with 32-byte records (address in bytes 0–15, count in 16,
 * time in 24–27), `queue/lock/tcpto6`.
 *
 * @module
 */

/** The table's size in bytes (qmail's tcpto_buf). */
export const TCPTO_SIZE = 1024;

/** Geometry of one table file. */
export interface TcptoLayout {
  recordSize: number;
  addrLen: number;
  countAt: number;
  timeAt: number;
}

/** qmail's IPv4 layout. */
export const V4: TcptoLayout = { recordSize: 16, addrLen: 4, countAt: 4, timeAt: 8 };
/** denoqmail's IPv6 layout (queue/lock/tcpto6). */
export const V6: TcptoLayout = { recordSize: 32, addrLen: 16, countAt: 16, timeAt: 24 };

/** One record in use. */
export interface TcptoEntry {
  address: string;
  /** Recent timeouts (at most 10). */
  count: number;
  /** When the last timeout was recorded (seconds since the epoch). */
  when: number;
}

/** The layout an address's family uses. */
export function layoutFor(address: string): TcptoLayout {
  return address.includes(":") ? V6 : V4;
}

/** The address's bytes (IPv4 dotted quad or IPv6 text). */
export function addressBytes(address: string): Uint8Array {
  if (!address.includes(":")) return new Uint8Array(address.split(".").map(Number));
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  });
  return out;
}

function formatAddress(b: Uint8Array): string {
  if (b.length === 4) return [...b].join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::").replace(/:{3,}/, "::");
}

function readTime(buf: Uint8Array, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 0x1000000;
}

function writeTime(buf: Uint8Array, at: number, when: number): void {
  for (let i = 0; i < 4; i++) buf[at + i] = Math.floor(when / 2 ** (8 * i)) & 0xff;
}

function findRecord(buf: Uint8Array, l: TcptoLayout, addr: Uint8Array): number {
  const n = Math.floor(buf.length / l.recordSize);
  for (let i = 0; i < n; i++) {
    const at = i * l.recordSize;
    let same = true;
    for (let j = 0; j < l.addrLen && same; j++) same = buf[at + j] === addr[j];
    if (same) return at;
  }
  return -1;
}

/** Whether qmail-remote skips `address` now (tcpto()). `pid` spreads the hour as qmail does. */
export function isDown(buf: Uint8Array, address: string, now: number, pid: number): boolean {
  const l = layoutFor(address);
  const at = findRecord(buf, l, addressBytes(address));
  if (at < 0 || buf[at + l.countAt] < 2) return false;
  return now - readTime(buf, at + l.timeAt) < (60 + (pid & 31)) << 6;
}

/**
 * Records the result of a connection attempt (tcpto_err()): `timedOut`
 * false clears the count. Returns the offset of the record changed, or -1
 * when nothing changed; `buf` is changed in place.
 */
export function recordAttempt(
  buf: Uint8Array,
  address: string,
  timedOut: boolean,
  now: number,
): number {
  const l = layoutFor(address);
  const addr = addressBytes(address);
  const n = Math.floor(buf.length / l.recordSize);
  if (n === 0) return -1;
  let at = findRecord(buf, l, addr);
  if (at >= 0) {
    if (!timedOut) {
      if (buf[at + l.countAt] === 0) return -1;
      buf[at + l.countAt] = 0;
      return at;
    }
    const count = buf[at + l.countAt];
    // A second timeout counts only after two minutes.
    if (count && now < 120 + readTime(buf, at + l.timeAt)) return -1;
    buf[at + l.countAt] = Math.min(count + 1, 10);
    writeTime(buf, at + l.timeAt, now);
    return at;
  }
  if (!timedOut) return -1;
  // A free record, else the one that ages out first.
  at = -1;
  for (let i = 0; i < n && at < 0; i++) {
    if (!buf[i * l.recordSize + l.countAt]) at = i * l.recordSize;
  }
  if (at < 0) {
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const r = i * l.recordSize;
      const score = readTime(buf, r + l.timeAt) + (buf[r + l.countAt] << 10);
      if (score < best) [best, at] = [score, r];
    }
  }
  buf.fill(0, at, at + l.recordSize);
  buf.set(addr, at);
  buf[at + l.countAt] = 1;
  writeTime(buf, at + l.timeAt, now);
  return at;
}

/** The records in use, in table order (what qmail-tcpto prints). */
export function listEntries(buf: Uint8Array, l: TcptoLayout = V4): TcptoEntry[] {
  const out: TcptoEntry[] = [];
  for (let at = 0; at + l.recordSize <= buf.length; at += l.recordSize) {
    const count = buf[at + l.countAt];
    if (count < 1) continue;
    out.push({
      address: formatAddress(buf.subarray(at, at + l.addrLen)),
      count,
      when: readTime(buf, at + l.timeAt),
    });
  }
  return out;
}

/** qmail-tcpto's line for one entry. */
export function formatEntry(e: TcptoEntry, now: number): string {
  return `${e.address} timed out ${Math.max(0, now - e.when)} seconds ago; ` +
    `# recent timeouts: ${e.count}\n`;
}
