/**
 * tcpserver's event loops. With one JavaScript thread every session waits
 * whenever one of them is in a synchronous queue operation the file system
 * makes slow, and one core is the most the server can use. So when every
 * program of the command line runs in-process, tcpserver serves from several
 * Workers, each with its own listener on the same address (SO_REUSEPORT: the
 * kernel spreads connections over them). They share one SharedArrayBuffer: the `-c` count,
 * the connection numbers of the log, and the start and stop handshake.
 *
 * Starting: the first loop binds, asks the dispatcher for the others, waits
 * until each has bound ({@linkcode LoopShare.waitReady}), switches ids (-u/-g
 * apply to the whole process) and then lets them all accept
 * ({@linkcode LoopShare.go}). Stopping: the first loop gets SIGTERM, calls
 * {@linkcode LoopShare.stop}, and exits once every loop has ended.
 *
 * @module
 */

/**
 * How many loops to run: $TCPSERVER_LOOPS, else one per CPU but at most
 * {@linkcode DEFAULT_MAX_LOOPS} (each costs 15–35 MB; the only gains measured
 * are of two loops on two cores).
 */
export function loopCount(env: string | undefined, cpus: number): number {
  const n = env === undefined || env === "" ? Math.min(cpus, DEFAULT_MAX_LOOPS) : Number(env);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 64) : 1;
}

/** The most loops tcpserver runs unless $TCPSERVER_LOOPS asks for more. */
export const DEFAULT_MAX_LOOPS = 2;

/** Connection slots (-c): at most `limit` connections served at once. */
export interface Slots {
  /** Connections being served, across every loop. */
  readonly active: number;
  /**
   * Resolves when a slot is free, without taking it: a loop waits for this
   * before accepting, leaving clients in the kernel's backlog as tcpserver
   * does, and takes the slot once it has a connection (so a loop waiting for
   * a client holds no slot another loop's client could use).
   */
  vacancy(): Promise<void>;
  /** Waits for a free slot and takes it. */
  acquire(): Promise<void>;
  /** Gives a slot back. */
  release(): void;
}

/** The slots of a single loop. */
export class LocalSlots implements Slots {
  #active = 0;
  #waiters: (() => void)[] = [];
  constructor(readonly limit: number) {}
  get active(): number {
    return this.#active;
  }
  async vacancy(): Promise<void> {
    while (this.#active >= this.limit) await new Promise<void>((r) => this.#waiters.push(r));
  }
  async acquire(): Promise<void> {
    await this.vacancy();
    this.#active++;
  }
  release(): void {
    this.#active--;
    this.#waiters.shift()?.();
  }
}

const ACTIVE = 0;
const NEXT_ID = 1;
const STARTED = 2;
const FAILED = 3;
const GO = 4;
const STOP = 5;
const ENDED = 6;
const FIELDS = 7;

/** The state every loop of one tcpserver shares. */
export class LoopShare implements Slots {
  readonly buffer: SharedArrayBuffer;
  readonly #a: Int32Array;

  /** A new share, or a view of one another loop created. */
  constructor(readonly limit: number, buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(FIELDS * 4);
    this.#a = new Int32Array(this.buffer);
  }

  get active(): number {
    return Atomics.load(this.#a, ACTIVE);
  }

  async vacancy(): Promise<void> {
    for (;;) {
      const now = Atomics.load(this.#a, ACTIVE);
      if (now < this.limit) return;
      await this.#change(ACTIVE, now);
    }
  }

  async acquire(): Promise<void> {
    for (;;) {
      const now = Atomics.load(this.#a, ACTIVE);
      if (now < this.limit) {
        if (Atomics.compareExchange(this.#a, ACTIVE, now, now + 1) === now) return;
        continue;
      }
      await this.#change(ACTIVE, now);
    }
  }

  release(): void {
    Atomics.sub(this.#a, ACTIVE, 1);
    Atomics.notify(this.#a, ACTIVE);
  }

  /** The next connection number (`tcpserver: pid N`), unique across loops. */
  nextId(): number {
    return Atomics.add(this.#a, NEXT_ID, 1) + 1;
  }

  /** A loop has bound its listener and is ready to accept. */
  ready(): void {
    this.#bump(STARTED);
  }

  /** A loop could not start. */
  failed(): void {
    Atomics.add(this.#a, FAILED, 1);
    this.#bump(STARTED);
  }

  /**
   * Waits until `count` loops have started; false when one failed or they
   * took longer than `ms`.
   */
  async waitReady(count: number, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      const started = Atomics.load(this.#a, STARTED);
      if (started >= count) return Atomics.load(this.#a, FAILED) === 0;
      const left = until - Date.now();
      if (left <= 0) return false;
      await this.#change(STARTED, started, left);
    }
  }

  /** Lets every loop accept. */
  go(): void {
    this.#bump(GO);
  }

  /** Resolves once {@linkcode LoopShare.go} was called. */
  async waitGo(): Promise<void> {
    while (Atomics.load(this.#a, GO) === 0) await this.#change(GO, 0);
  }

  /** Asks every loop to stop (tcpserver got SIGTERM). */
  stop(): void {
    this.#bump(STOP);
  }

  /** Resolves once {@linkcode LoopShare.stop} was called. */
  async waitStop(): Promise<void> {
    while (Atomics.load(this.#a, STOP) === 0) await this.#change(STOP, 0);
  }

  /** A loop has closed its listener and its last connection has ended. */
  ended(): void {
    this.#bump(ENDED);
  }

  /** Resolves once `count` loops have ended. */
  async waitEnded(count: number): Promise<void> {
    for (;;) {
      const ended = Atomics.load(this.#a, ENDED);
      if (ended >= count) return;
      await this.#change(ENDED, ended);
    }
  }

  #bump(field: number): void {
    Atomics.add(this.#a, field, 1);
    Atomics.notify(this.#a, field);
  }

  /** Resolves when the field may no longer hold `seen` (or after `ms`). */
  async #change(field: number, seen: number, ms?: number): Promise<void> {
    const w = Atomics.waitAsync(this.#a, field, seen, ms);
    if (w.async) await w.value;
  }
}
