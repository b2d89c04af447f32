/**
 * The built-in tcpserver's engine: accept connections on a listener, at most
 * `limit` at a time (further clients wait in the kernel's backlog, as with
 * tcpserver, because nothing accepts them until a slot frees), give each the
 * tcp-environ(5) variables and what the rules database says, and run the
 * program on it — in-process for denoqmail's own servers, else spawned.
 *
 * @module
 */

import { Cdb } from "../cdb/reader.ts";
import { lookupRules, type RuleDecision } from "../tcprules/lookup.ts";
import { execCommand } from "./exec.ts";
import { type HostLookup, remoteHostName } from "./hosts.ts";
import { findServer, type ServerEnv } from "./inprocess.ts";
import { LocalSlots, type Slots } from "./loops.ts";
import { type Spawned, spawnOnConnection } from "./spawn.ts";
import {
  type ConnectionInfo,
  endLine,
  normalizeIp,
  okLine,
  pidLine,
  statusLine,
  ucspiEnv,
} from "./ucspi.ts";

/** How the server runs (tcpserver's options, resolved). */
export interface TcpServerConfig {
  /** The program and its arguments. */
  argv: string[];
  /** Simultaneous connections (-c). */
  limit: number;
  /** 0 quiet, 1 errors, 2 errors and status lines (-q/-Q/-v). */
  verbosity: 0 | 1 | 2;
  /** The rules database (-x), read anew for each connection. */
  rules?: string;
  /** -X: a missing database allows everything. */
  allowMissingRules?: boolean;
  /** -B: written to each client first. */
  banner?: string;
  /** -l: TCPLOCALHOST; otherwise the local address's name is looked up. */
  localName?: string;
  /** -h: look up TCPREMOTEHOST. */
  remoteHost?: boolean;
  /** -p: keep TCPREMOTEHOST only if it maps back. */
  paranoid?: boolean;
  /** -D: TCP_NODELAY. */
  noDelay?: boolean;
  /** QMAILHOME, for in-process servers. */
  home: string;
  /** The environment every program starts from (tcpserver's own). */
  baseEnv: ServerEnv;
  /** Host name lookups (needed unless -l and -H). */
  hosts?: HostLookup;
  /** Where log lines go (default stderr). */
  log?: (line: string) => void;
  /** The -c slots, when shared with other loops (default: this loop's own). */
  slots?: Slots;
  /** A further loop: the first loop alone logs the status line at the start. */
  furtherLoop?: boolean;
  /** Numbers connections for the log (default: 1, 2, 3 … in this loop). */
  nextId?: () => number;
  /** Starts a program on a connection (default: a child process). */
  spawn?: (conn: Deno.Conn, argv: string[], env: ServerEnv) => Spawned;
}

/** A drop before the program runs: tcpserver's child would exit 111. */
const DROPPED = 111 << 8;

/** The serving loop. */
export class TcpServer {
  readonly #listener: Deno.Listener;
  readonly #cfg: TcpServerConfig;
  readonly #log: (line: string) => void;
  readonly #conns = new Map<Deno.Conn, Promise<void>>();
  readonly #localNames = new Map<string, Promise<string | undefined>>();
  readonly #slots: Slots;
  readonly #nextId: () => number;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  /** Ends a wait for a slot when stopping. */
  #abortWait: (() => void) | undefined;

  constructor(listener: Deno.Listener, config: TcpServerConfig) {
    this.#listener = listener;
    this.#cfg = config;
    this.#log = config.log ?? writeStderr;
    this.#slots = config.slots ?? new LocalSlots(config.limit);
    let seq = 0;
    this.#nextId = config.nextId ?? (() => ++seq);
  }

  /** Connections this loop is serving. */
  get active(): number {
    return this.#conns.size;
  }

  /**
   * Accepts and serves connections until {@linkcode TcpServer.stop}; resolves
   * once the listener is closed and every connection has ended.
   */
  async serve(): Promise<void> {
    if (!this.#cfg.furtherLoop) this.#status();
    const slots = this.#slots;
    while (!this.#stopping) {
      if (!await this.#unlessStopped(slots.vacancy())) break;
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch (e) {
        if (this.#stopping || e instanceof Deno.errors.BadResource) break;
        // EMFILE and the like: say so, wait a moment, go on (tcpserver retries at once).
        this.#warn(`tcpserver: warning: unable to accept: ${e instanceof Error ? e.message : e}`);
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      // Another loop may have taken the free slot meanwhile: then this client waits.
      const taking = slots.acquire();
      if (!await this.#unlessStopped(taking)) {
        void taking.then(() => slots.release());
        closeQuietly(conn);
        break;
      }
      // Counted (and the status line written) before the connection's own lines.
      this.#conns.set(conn, Promise.resolve());
      this.#status();
      this.#conns.set(
        conn,
        this.#serveOne(conn).finally(() => {
          this.#conns.delete(conn);
          slots.release();
          this.#status();
        }),
      );
    }
    if (this.#stopped) await this.#stopped;
    else await Promise.allSettled(this.#conns.values());
  }

  /**
   * Stops accepting; connections still open after `graceMs` are closed (an
   * in-process session sees its client vanish). Resolves when all have ended,
   * or one second after closing them.
   */
  stop(graceMs: number): Promise<void> {
    return this.#stopped ??= this.#stop(graceMs);
  }

  async #stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    try {
      this.#listener.close();
    } catch {
      // already closed
    }
    this.#abortWait?.();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((r) => timer = setTimeout(r, graceMs));
    await Promise.race([Promise.allSettled(this.#conns.values()), grace]);
    clearTimeout(timer);
    for (const conn of this.#conns.keys()) closeQuietly(conn);
    // In-process sessions end when their connection closes; a spawned program
    // that ignores its closed input is left behind after one more second.
    const last = new Promise<void>((r) => timer = setTimeout(r, 1000));
    await Promise.race([Promise.allSettled(this.#conns.values()), last]);
    clearTimeout(timer);
  }

  /** Waits for `p`; false if stopped first (or meanwhile). */
  async #unlessStopped(p: Promise<void>): Promise<boolean> {
    const stopped = new Promise<false>((r) => this.#abortWait = () => r(false));
    const done = await Promise.race([p.then(() => true), stopped]);
    this.#abortWait = undefined;
    return done && !this.#stopping;
  }

  async #serveOne(conn: Deno.Conn): Promise<void> {
    const cfg = this.#cfg;
    const local = conn.localAddr as Deno.NetAddr;
    const remote = conn.remoteAddr as Deno.NetAddr;
    const info: ConnectionInfo = {
      localIp: normalizeIp(local.hostname),
      localPort: local.port,
      remoteIp: normalizeIp(remote.hostname),
      remotePort: remote.port,
    };
    const inProcess = findServer(cfg.argv[0]) !== undefined;
    let id = this.#nextId();
    if (inProcess) this.#verbose(pidLine(id, info.remoteIp));
    try {
      if (cfg.noDelay) (conn as Deno.TcpConn).setNoDelay(true);
      if (cfg.banner) await writeAll(conn, new TextEncoder().encode(cfg.banner));
      info.localHost = cfg.localName ?? await this.#localName(info.localIp);
      if (cfg.remoteHost && cfg.hosts) {
        info.remoteHost = await remoteHostName(cfg.hosts, info.remoteIp, cfg.paranoid ?? false);
      }
    } catch (e) {
      return this.#drop(conn, id, `unable to print banner: ${reason(e)}`);
    }
    let decision: RuleDecision | undefined;
    if (cfg.rules !== undefined) {
      try {
        decision = this.#rules(cfg.rules, info);
      } catch (e) {
        return this.#drop(conn, id, `unable to read ${cfg.rules}: ${reason(e)}`);
      }
    }
    const env: ServerEnv = { ...cfg.baseEnv, ...ucspiEnv(info) };
    for (const [name, value] of decision?.env ?? []) env[name] = value;
    const deny = decision?.deny ?? false;
    if (deny || inProcess) this.#verbose(okLine(id, info, deny));
    if (deny) {
      closeQuietly(conn);
      this.#verbose(endLine(id, 100 << 8));
      return;
    }
    let status: number;
    if (inProcess) {
      const code = await execCommand(cfg.argv, env, {
        input: conn,
        output: conn,
        home: cfg.home,
        id,
        log: (line) => this.#log(line),
        spawn: (argv, childEnv) =>
          this.#spawn(conn, argv, childEnv).status.then((s) => s & 0xff ? 111 : s >> 8),
      });
      closeQuietly(conn);
      status = (code & 0xff) << 8;
    } else {
      let child: Spawned;
      try {
        child = this.#spawn(conn, cfg.argv, env);
      } catch (e) {
        return this.#drop(conn, id, `unable to run ${cfg.argv[0]}: ${reason(e)}`);
      }
      id = child.pid;
      this.#verbose(pidLine(id, info.remoteIp));
      this.#verbose(okLine(id, info, false));
      status = await child.status;
    }
    this.#verbose(endLine(id, status));
  }

  #spawn(conn: Deno.Conn, argv: string[], env: ServerEnv): Spawned {
    return (this.#cfg.spawn ?? spawnOnConnection)(conn, argv, env);
  }

  /** The rules' decision; throws when the database cannot be read. */
  #rules(path: string, info: ConnectionInfo): RuleDecision | undefined {
    let db: Cdb;
    try {
      db = Cdb.openSync(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound && this.#cfg.allowMissingRules) return undefined;
      throw e;
    }
    try {
      return lookupRules(db, { ip: info.remoteIp, host: info.remoteHost });
    } finally {
      db.close();
    }
  }

  #localName(ip: string): Promise<string | undefined> {
    const hosts = this.#cfg.hosts;
    if (!hosts) return Promise.resolve(undefined);
    let name = this.#localNames.get(ip);
    if (!name) this.#localNames.set(ip, name = hosts.name(ip));
    return name;
  }

  /** tcpserver's "dropping connection": the program never runs. */
  #drop(conn: Deno.Conn, id: number, why: string): void {
    this.#warn(`tcpserver: warning: dropping connection, ${why}`);
    closeQuietly(conn);
    this.#verbose(endLine(id, DROPPED));
  }

  #status(): void {
    this.#verbose(statusLine(this.#slots.active, this.#cfg.limit));
  }

  #verbose(line: string): void {
    if (this.#cfg.verbosity >= 2) this.#log(line);
  }

  #warn(line: string): void {
    if (this.#cfg.verbosity >= 1) this.#log(line);
  }
}

const encoder = new TextEncoder();

/** Writes one log line to stderr. */
export function writeStderr(line: string): void {
  const bytes = encoder.encode(line + "\n");
  for (let off = 0; off < bytes.length;) off += Deno.stderr.writeSync(bytes.subarray(off));
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

/** A short reason, as tcpserver's strerr gives one. */
function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "file does not exist";
  if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) {
    return "access denied";
  }
  return e instanceof Error ? e.message : String(e);
}
