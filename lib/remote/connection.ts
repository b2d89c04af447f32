/**
 * One SMTP client connection: connect within `timeoutconnect`, then every
 * read and write within `timeoutremote` (qmail's timeoutconn, timeoutread,
 * timeoutwrite). A connection that fails, closes or times out throws
 * {@linkcode ConnectionDied}. The socket comes from an injectable
 * {@linkcode Connector}, so tests can use an in-memory peer.
 *
 * @module
 */

import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import { parseReply, type SmtpReply } from "./reply.ts";

/** The part of Deno.Conn a connection needs. */
export interface ByteStream {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

/** Opens a TCP connection; rejects on failure, and when `signal` aborts. */
export type Connector = (address: string, port: number, signal: AbortSignal) => Promise<ByteStream>;

/** The real network (Deno.connect). */
export const tcpConnector: Connector = (address, port, signal) =>
  Deno.connect({ hostname: address, port, signal, autoSelectFamily: false });

/** Why a connection attempt failed. */
export class ConnectFailed extends Error {
  /** The attempt timed out (qmail records timeouts, not refusals, in tcpto). */
  readonly timedOut: boolean;
  constructor(message: string, timedOut: boolean) {
    super(message);
    this.name = "ConnectFailed";
    this.timedOut = timedOut;
  }
}

/** The peer closed, an I/O error happened, or `timeoutremote` passed. */
export class ConnectionDied extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionDied";
  }
}

/** Connects to `address`:`port` within `timeoutMs`. */
export async function connectSmtp(
  connector: Connector,
  address: string,
  port: number,
  timeoutMs: number,
  timeoutRemoteMs: number,
): Promise<SmtpConnection> {
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, timeoutMs);
  try {
    const stream = await connector(address, port, ac.signal);
    if (timedOut) {
      stream.close();
      throw new ConnectFailed("connect timed out", true);
    }
    return new SmtpConnection(stream, address, timeoutRemoteMs);
  } catch (e) {
    if (e instanceof ConnectFailed) throw e;
    throw new ConnectFailed(timedOut ? "connect timed out" : String(e), timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A connected SMTP client socket.
 *
 * @example
 * ```ts ignore
 * const c = await connectSmtp(tcpConnector, "192.0.2.1", 25, 60_000, 1_200_000);
 * const greeting = await c.readReply();
 * ```
 */
export class SmtpConnection {
  readonly address: string;
  #stream: ByteStream;
  #timeoutMs: number;
  #buf = "";
  #chunk = new Uint8Array(16384);
  #closed = false;

  constructor(stream: ByteStream, address: string, timeoutMs: number) {
    this.#stream = stream;
    this.address = address;
    this.#timeoutMs = timeoutMs;
  }

  /** Whether the connection has been closed or has died. */
  get closed(): boolean {
    return this.#closed;
  }

  async #timed<T>(op: () => Promise<T>, what: string): Promise<T> {
    if (this.#closed) throw new ConnectionDied("connection closed");
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.close();
    }, this.#timeoutMs);
    try {
      return await op();
    } catch (e) {
      this.close();
      throw e instanceof ConnectionDied
        ? e
        : new ConnectionDied(timedOut ? `timeout on ${what}` : `${what} failed: ${e}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads one whole reply. */
  readReply(): Promise<SmtpReply> {
    return this.#timed(async () => {
      for (;;) {
        const parsed = parseReply(this.#buf);
        if (parsed) {
          this.#buf = this.#buf.slice(parsed.used);
          return parsed.reply;
        }
        const n = await this.#stream.read(this.#chunk);
        if (n === null) throw new ConnectionDied("connection closed by the server");
        this.#buf += bytesToLatin1(this.#chunk.subarray(0, n));
      }
    }, "read");
  }

  /** Writes bytes, or a latin1 string. */
  write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === "string" ? latin1ToBytes(data) : data;
    return this.#timed(async () => {
      for (let off = 0; off < bytes.length;) off += await this.#stream.write(bytes.subarray(off));
    }, "write");
  }

  /** Sends a command line (CRLF appended) and reads its reply. */
  async command(line: string): Promise<SmtpReply> {
    await this.write(`${line}\r\n`);
    return await this.readReply();
  }

  /** Whether unread input is waiting (a server that spoke out of turn). */
  get hasPendingInput(): boolean {
    return this.#buf.length > 0;
  }

  /** Closes the socket (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#stream.close();
    } catch { /* already closed */ }
  }
}
