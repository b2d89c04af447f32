/**
 * A small supervisor for `deno task start`: runs each service as a program of
 * this executable, copies its output line by line (with a prefix) to stdout,
 * and on SIGINT or SIGTERM sends every service SIGTERM and waits for it —
 * qmail-send finishes its deliveries and logs `status: exiting`.
 *
 * @module
 */

import { selfCommand } from "../cli/self.ts";

/** One service: a program of this executable and its arguments. */
export interface Service {
  name: string;
  program: string;
  args: string[];
  /** Listen address and port, placed after the options (tcpserver's host port). */
  listen?: string[];
  /** Arguments after the listen address (tcpserver's program and its arguments). */
  tail?: string[];
  /** Put before each line of its output. */
  prefix: string;
  /** Extra environment. */
  env?: Record<string, string>;
}

/** Hooks for pid files. */
export interface SupervisorHooks {
  onStart(s: Service, pid: number): void;
  onExit(s: Service): void;
}

/** How long services get to stop before they are killed. */
const STOP_MS = 60_000;

async function copyLines(stream: ReadableStream<Uint8Array>, prefix: string): Promise<void> {
  let rest = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const line of lines) console.log(prefix + line);
  }
  if (rest) console.log(prefix + rest);
}

/** Starts services, and stops them on a signal. */
export class Supervisor {
  #services: Service[];
  #hooks: SupervisorHooks;
  #running = new Map<string, { child: Deno.ChildProcess; done: Promise<Deno.CommandStatus> }>();
  #stopping = false;
  #stopped = Promise.withResolvers<void>();

  constructor(services: Service[], hooks: SupervisorHooks) {
    this.#services = services;
    this.#hooks = hooks;
  }

  /** Starts every service in order. */
  start(): Promise<void> {
    for (const s of this.#services) {
      const [cmd, args] = selfCommand(s.program, [
        ...s.args,
        ...(s.listen ?? []),
        ...(s.tail ?? []),
      ]);
      const child = new Deno.Command(cmd, {
        args,
        env: s.env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      this.#hooks.onStart(s, child.pid);
      const output = Promise.all([
        copyLines(child.stdout, s.prefix),
        copyLines(child.stderr, s.prefix),
      ]);
      const done = child.status.then(async (status) => {
        await output;
        this.#hooks.onExit(s);
        if (!this.#stopping) {
          console.log(`start: ${s.name} exited with code ${status.code}; stopping`);
          this.stop();
        }
        return status;
      });
      this.#running.set(s.name, { child, done });
    }
    return Promise.resolve();
  }

  /** Sends SIGTERM to every service (once). */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#stopped.resolve();
    for (const { child } of this.#running.values()) {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
    }
  }

  /** Waits for SIGINT/SIGTERM (or a service's death), stops all; 0 if all stopped in time. */
  async runUntilSignal(): Promise<number> {
    const onSignal = () => this.stop();
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    const all = [...this.#running.values()];
    let killed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Once stopping, services get STOP_MS to finish before SIGKILL.
    this.#stopped.promise.then(() => {
      timer = setTimeout(() => {
        killed = true;
        for (const { child } of all) {
          try {
            child.kill("SIGKILL");
          } catch {
            // gone
          }
        }
      }, STOP_MS);
    });
    await Promise.all(all.map((r) => r.done));
    clearTimeout(timer);
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    return killed ? 111 : 0;
  }
}
