/**
 * DNS messages on the wire (RFC 1035 §4): building a query and reading a
 * response, with name compression on decode (§4.1.4). Pure: bytes in, data
 * out. Only what qmail asks of DNS: A, AAAA, MX, CNAME, PTR, TXT.
 *
 * @module
 */

import { DnsError } from "./errors.ts";

/** Record types by name (RFC 1035 §3.2.2, RFC 3596 for AAAA). */
export const TYPE = { A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28 } as const;

/** A record type name this resolver understands. */
export type RecordType = keyof typeof TYPE;

/** Response codes (RFC 1035 §4.1.1). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

/** One resource record of the answer section, its data decoded by type. */
export type DnsRecord =
  | { name: string; type: "A" | "AAAA"; ttl: number; address: string }
  | { name: string; type: "CNAME" | "PTR" | "NS"; ttl: number; target: string }
  | { name: string; type: "MX"; ttl: number; preference: number; exchange: string }
  | { name: string; type: "TXT"; ttl: number; strings: Uint8Array[] }
  | { name: string; type: "OTHER"; ttl: number; rrtype: number };

/** A decoded response. */
export interface DnsResponse {
  id: number;
  /** TC: the answer did not fit (RFC 1035 §4.1.1); retry over TCP. */
  truncated: boolean;
  rcode: number;
  question: { name: string; type: number } | undefined;
  answers: DnsRecord[];
}

/** Encodes a domain name as labels (RFC 1035 §3.1); a trailing dot is allowed. */
export function encodeName(name: string): Uint8Array {
  const trimmed = name.endsWith(".") ? name.slice(0, -1) : name;
  const labels = trimmed === "" ? [] : trimmed.split(".");
  const out: number[] = [];
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) {
      throw new DnsError("bad-name", false, `invalid domain name ${JSON.stringify(name)}`);
    }
    out.push(label.length);
    for (let i = 0; i < label.length; i++) out.push(label.charCodeAt(i) & 0xff);
  }
  out.push(0);
  if (out.length > 255) throw new DnsError("bad-name", false, "domain name too long");
  return new Uint8Array(out);
}

/**
 * A standard query for `name` and `type` with recursion desired.
 *
 * @example
 * ```ts
 * const q = encodeQuery(0x1234, "example.org", "MX");
 * ```
 */
export function encodeQuery(id: number, name: string, type: RecordType): Uint8Array {
  const qname = encodeName(name);
  const out = new Uint8Array(12 + qname.length + 4);
  const v = new DataView(out.buffer);
  v.setUint16(0, id);
  v.setUint16(2, 0x0100); // RD
  v.setUint16(4, 1); // QDCOUNT
  out.set(qname, 12);
  v.setUint16(12 + qname.length, TYPE[type]);
  v.setUint16(14 + qname.length, 1); // IN
  return out;
}

function malformed(what: string): DnsError {
  return new DnsError("malformed", true, `malformed DNS response: ${what}`);
}

/** Reads a possibly compressed name at `pos`: the name and the offset after it. */
export function decodeName(buf: Uint8Array, pos: number): [string, number] {
  const labels: string[] = [];
  let end = -1;
  let jumps = 0;
  for (;;) {
    if (pos >= buf.length) throw malformed("name runs past the end");
    const len = buf[pos];
    if (len === 0) {
      pos++;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) throw malformed("truncated pointer");
      if (++jumps > 64) throw malformed("compression loop");
      if (end < 0) end = pos + 2;
      pos = ((len & 0x3f) << 8) | buf[pos + 1];
      continue;
    }
    if (len & 0xc0) throw malformed("unknown label type");
    if (pos + 1 + len > buf.length) throw malformed("label runs past the end");
    labels.push(String.fromCharCode(...buf.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return [labels.join("."), end < 0 ? pos : end];
}

function formatIp6(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

function decodeRecord(
  buf: Uint8Array,
  name: string,
  type: number,
  ttl: number,
  at: number,
  len: number,
): DnsRecord {
  const rdata = buf.subarray(at, at + len);
  switch (type) {
    case TYPE.A:
      if (len !== 4) throw malformed("A record of wrong length");
      return { name, type: "A", ttl, address: [...rdata].join(".") };
    case TYPE.AAAA:
      if (len !== 16) throw malformed("AAAA record of wrong length");
      return { name, type: "AAAA", ttl, address: formatIp6(rdata) };
    case TYPE.CNAME:
    case TYPE.PTR:
    case TYPE.NS: {
      const t = type === TYPE.CNAME ? "CNAME" : type === TYPE.PTR ? "PTR" : "NS";
      return { name, type: t, ttl, target: decodeName(buf, at)[0] };
    }
    case TYPE.MX:
      if (len < 3) throw malformed("MX record too short");
      return {
        name,
        type: "MX",
        ttl,
        preference: (rdata[0] << 8) | rdata[1],
        exchange: decodeName(buf, at + 2)[0],
      };
    case TYPE.TXT: {
      const strings: Uint8Array[] = [];
      for (let i = 0; i < len;) {
        const n = rdata[i];
        if (i + 1 + n > len) throw malformed("TXT string runs past its record");
        strings.push(rdata.slice(i + 1, i + 1 + n));
        i += 1 + n;
      }
      return { name, type: "TXT", ttl, strings };
    }
    default:
      return { name, type: "OTHER", ttl, rrtype: type };
  }
}

/**
 * Decodes a response: header, the question, and the answer section (the
 * authority and additional sections are not needed and are skipped).
 * Throws a temporary {@linkcode DnsError} on a malformed packet, as qmail's
 * dns.c treats one (DNS_SOFT).
 */
export function decodeResponse(buf: Uint8Array): DnsResponse {
  if (buf.length < 12) throw malformed("shorter than a header");
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const id = v.getUint16(0);
  const flags = v.getUint16(2);
  const qd = v.getUint16(4);
  const an = v.getUint16(6);
  let pos = 12;
  let question: DnsResponse["question"];
  for (let i = 0; i < qd; i++) {
    const [name, next] = decodeName(buf, pos);
    if (next + 4 > buf.length) throw malformed("question runs past the end");
    question ??= { name, type: v.getUint16(next) };
    pos = next + 4;
  }
  const truncated = (flags & 0x0200) !== 0;
  const answers: DnsRecord[] = [];
  for (let i = 0; i < an; i++) {
    if (truncated && pos >= buf.length) break;
    const [name, next] = decodeName(buf, pos);
    if (next + 10 > buf.length) throw malformed("record header runs past the end");
    const type = v.getUint16(next);
    const ttl = v.getUint32(next + 4);
    const len = v.getUint16(next + 8);
    if (next + 10 + len > buf.length) throw malformed("record data runs past the end");
    answers.push(decodeRecord(buf, name, type, ttl, next + 10, len));
    pos = next + 10 + len;
  }
  return { id, truncated, rcode: flags & 0x0f, question, answers };
}
