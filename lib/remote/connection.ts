/**
 * One SMTP client connection: connect within `timeoutconnect`, then every
 * read and write within `timeoutremote` (qmail's timeoutconn, timeoutread,
 * timeoutwrite). A connection that fails, closes or times out throws
 * {@linkcode ConnectionDied}. The socket comes from an injectable
 * {@linkcode Connector}, so tests can use an in-memory peer.
 *
 * @module
 */

import { unwatch, watch, type Watched } from "../io/deadline.ts";
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
  const deadline: Watched = {
    due: performance.now() + timeoutMs,
    fire: () => {
      timedOut = true;
      ac.abort();
    },
  };
  watch(deadline);
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
    unwatch(deadline);
  }
}

/**
 * A connected SMTP client socket.
 *
 * Timeouts: each read of a reply and each write must finish within
 * `timeoutMs` of its start. Rather than a timer per operation (a
 * setTimeout/clearTimeout pair per command cost more than the command), an
 * operation only records its deadline; the connection's one entry on the
 * shared deadline ticker (lib/io/deadline.ts), watched from an operation's
 * start, checks it when it falls due: past it, the connection is closed
 * (the operation then fails with {@linkcode ConnectionDied}); not yet, the
 * entry is watched again for what is left; no operation in progress, it
 * lapses. So a stalled server is cut off at most a tick after its deadline
 * (qmail's timeoutremote is whole seconds), a busy connection costs a field
 * write per operation, and closing unwatches the entry, so a closed
 * connection never keeps the ticker, or the process, alive.
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
  /** performance.now() by which the operation in progress must end; 0 when none is. */
  #deadline = 0;
  /** The ticker's entry, due no later than #deadline while watched. */
  #watch: Watched = { due: 0, fire: () => this.#check() };
  #watching = false;
  #timedOut = false;

  constructor(stream: ByteStream, address: string, timeoutMs: number) {
    this.#stream = stream;
    this.address = address;
    this.#timeoutMs = timeoutMs;
  }

  /** Whether the connection has been closed or has died. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Starts a timed operation. */
  #begin(): void {
    if (this.#closed) throw new ConnectionDied("connection closed");
    this.#deadline = performance.now() + this.#timeoutMs;
    if (!this.#watching) this.#watchUntil(this.#deadline);
  }

  #watchUntil(due: number): void {
    this.#watching = true;
    this.#watch.due = due;
    watch(this.#watch);
  }

  /** The entry fell due (the ticker has dropped it). */
  #check(): void {
    this.#watching = false;
    if (this.#deadline === 0 || this.#closed) return;
    if (this.#deadline > performance.now()) return this.#watchUntil(this.#deadline);
    this.#timedOut = true;
    this.close();
  }

  /** Ends a timed operation that failed: the connection is closed. */
  #fail(e: unknown, what: string): ConnectionDied {
    this.#deadline = 0;
    this.close();
    return e instanceof ConnectionDied
      ? e
      : new ConnectionDied(this.#timedOut ? `timeout on ${what}` : `${what} failed: ${e}`);
  }

  /** Reads one whole reply. */
  async readReply(): Promise<SmtpReply> {
    // Pipelined replies often arrive together: the next one may be here already.
    const ready = parseReply(this.#buf);
    if (ready) {
      this.#buf = this.#buf.slice(ready.used);
      return ready.reply;
    }
    this.#begin();
    try {
      for (;;) {
        const n = await this.#stream.read(this.#chunk);
        if (n === null) throw new ConnectionDied("connection closed by the server");
        this.#buf += bytesToLatin1(this.#chunk.subarray(0, n));
        const parsed = parseReply(this.#buf);
        if (parsed) {
          this.#deadline = 0;
          this.#buf = this.#buf.slice(parsed.used);
          return parsed.reply;
        }
      }
    } catch (e) {
      throw this.#fail(e, "read");
    }
  }

  /** Writes bytes, or a latin1 string. */
  async write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === "string" ? latin1ToBytes(data) : data;
    this.#begin();
    try {
      for (let off = 0; off < bytes.length;) off += await this.#stream.write(bytes.subarray(off));
      this.#deadline = 0;
    } catch (e) {
      throw this.#fail(e, "write");
    }
  }

  /** Sends a command line (CRLF appended) and reads its reply. */
  async command(line: string): Promise<SmtpReply> {
    await this.write(`${line}\r\n`);
    return await this.readReply();
  }

  /** Closes the socket (idempotent). */
  close(): void {
    if (this.#watching) {
      this.#watching = false;
      unwatch(this.#watch);
    }
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#stream.close();
    } catch { /* already closed */ }
  }
}
