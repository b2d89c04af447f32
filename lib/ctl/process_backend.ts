/**
 * qmailctl without a service manager: services are found by their pid files
 * (lib/ctl/pidfile.ts) checked with `ps`, signalled with `kill`, and started
 * detached (`setsid`, output appended to QMAILHOME/log/<service>.log) with the
 * same command lines as the systemd units (lib/ctl/services.ts), in a clean
 * environment as the install guide's rc does (`env - PATH=QMAILHOME/bin:$PATH`).
 *
 * @module
 */

import { readControlInt, readControlLine } from "../control/read.ts";
import { readPasswd, treeAccounts } from "../ids/accounts.ts";
import type { Backend, Say } from "./backend.ts";
import { exec } from "./exec.ts";
import { readPidFile, removePidFile, writePidFile } from "./pidfile.ts";
import type { CtlSignal } from "./plan.ts";
import {
  type CommandConfig,
  mainProgram,
  openRelayRefusal,
  serviceCommand,
  type ServiceName,
} from "./services.ts";
import { exists } from "../io/exists.ts";

/** Settings of the process backend. */
export interface ProcessOptions {
  home: string;
  /** The caller's environment (PATH, HOME, DENO_DIR, QMAILCTL_SMTPD, QMAILCTL_POP3D). */
  env(name: string): string | undefined;
  /** How long `stop` waits for a process to exit, in ms (default 60 s). */
  stopWaitMs?: number;
}

/** A running service: its pid, start time and whether it is stopped (paused). */
interface Running {
  pid: number;
  since: Date;
  paused: boolean;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The process backend (see the module comment). */
export class ProcessBackend implements Backend {
  readonly mode = "process";
  #o: ProcessOptions;
  #say: Say;

  constructor(o: ProcessOptions, say: Say) {
    this.#o = o;
    this.#say = say;
  }

  services(): ServiceName[] {
    const s: ServiceName[] = ["qmail-send", "qmail-smtpd"];
    if (this.#o.env("QMAILCTL_POP3D") || readPidFile(this.#o.home, "qmail-pop3d")) {
      s.push("qmail-pop3d");
    }
    return s;
  }

  /** The service's process if its pid file names a live process running its program. */
  async running(s: ServiceName): Promise<Running | undefined> {
    const rec = readPidFile(this.#o.home, s);
    if (!rec) return undefined;
    const r = await exec("ps", ["-o", "stat=", "-o", "args=", "-p", String(rec.pid)]);
    if (r.code === 127) throw new Error(`cannot check pid ${rec.pid}: ${r.stderr.trim()}`);
    const line = r.stdout.trim();
    if (r.code !== 0 || !line) return undefined;
    const [stat, ...args] = line.split(/\s+/);
    if (!args.some((a) => a.endsWith(mainProgram(s)))) return undefined;
    // A zombie has exited; its parent has not collected it yet.
    if (stat.startsWith("Z")) return undefined;
    return { pid: rec.pid, since: rec.since, paused: stat.startsWith("T") };
  }

  async up(s: ServiceName): Promise<boolean> {
    return (await this.running(s)) !== undefined;
  }

  #config(s: ServiceName): CommandConfig {
    const home = this.#o.home;
    const listen = s === "qmail-pop3d"
      ? this.#o.env("QMAILCTL_POP3D") || "0 110"
      : this.#o.env("QMAILCTL_SMTPD") || "0 25";
    let qmaild: [number, number] | undefined;
    const acct = treeAccounts(home);
    if (Deno.uid() === 0 && !acct.singleUser) {
      const pw = readPasswd().find((p) => p.name === acct.users.qmaild);
      if (!pw) throw new Error(`no such user: ${acct.users.qmaild}`);
      qmaild = [pw.uid, pw.gid];
    }
    return {
      home,
      me: readControlLine(`${home}/control/me`) ?? "",
      concurrency: readControlInt(`${home}/control/concurrencyincoming`) ?? 20,
      qmaild,
      listen,
    };
  }

  async start(s: ServiceName): Promise<boolean> {
    const home = this.#o.home;
    if (await this.running(s)) return true;
    if (s === "qmail-smtpd" && !exists(`${home}/control/rcpthosts`)) {
      for (const l of openRelayRefusal(home)) this.#say.err(l);
      return false;
    }
    if (s !== "qmail-send" && !readControlLine(`${home}/control/me`)) {
      this.#say.err(`No ${home}/control/me: run qmail config-fast`);
      return false;
    }
    if (s === "qmail-smtpd" && !exists(`${home}/control/tcp.smtp.cdb`)) {
      this.#say.err(
        `warning: no ${home}/control/tcp.smtp.cdb: every connection will be dropped ` +
          "(write control/tcp.smtp, then qmailctl cdb)",
      );
    }
    const argv = serviceCommand(s, this.#config(s));
    if (!exists(argv[0])) {
      this.#say.err(`cannot start ${s}: ${argv[0]} is missing (run qmail install)`);
      return false;
    }
    Deno.mkdirSync(`${home}/log`, { recursive: true, mode: 0o755 });
    const env: Record<string, string> = {
      QMAILHOME: home,
      PATH: `${home}/bin:${this.#o.env("PATH") ?? "/usr/local/bin:/usr/bin:/bin"}`,
    };
    for (const k of ["HOME", "DENO_DIR"]) {
      const v = this.#o.env(k);
      if (v) env[k] = v;
    }
    // setsid: its own session, so the terminal's signals do not reach it.
    const r = await exec("/bin/sh", [
      "-c",
      'log=$1; shift; setsid "$@" >>"$log" 2>&1 </dev/null & echo $!',
      "sh",
      `${home}/log/${s}.log`,
      ...argv,
    ], { env, clearEnv: true, cwd: "/" });
    const pid = Number(r.stdout.trim());
    if (r.code !== 0 || !Number.isSafeInteger(pid) || pid <= 1) {
      this.#say.err(`cannot start ${s}: ${r.stderr.trim()}`);
      return false;
    }
    writePidFile(home, s, pid);
    return true;
  }

  async stop(s: ServiceName): Promise<boolean> {
    const p = await this.running(s);
    if (!p) {
      removePidFile(this.#o.home, s);
      return true;
    }
    // As svc -d: TERM, then CONT so a paused process sees it.
    await exec("kill", ["-s", "TERM", String(p.pid)]);
    await exec("kill", ["-s", "CONT", String(p.pid)]);
    const wait = this.#o.stopWaitMs ?? 60_000;
    for (let waited = 0; waited < wait; waited += 100) {
      if (!(await this.running(s))) {
        removePidFile(this.#o.home, s);
        return true;
      }
      await sleep(100);
    }
    this.#say.err(`${s}: still running (pid ${p.pid}) after ${wait / 1000} seconds`);
    return false;
  }

  async restart(s: ServiceName): Promise<boolean> {
    return await this.stop(s) && await this.start(s);
  }

  async signal(s: ServiceName, sig: CtlSignal): Promise<boolean> {
    const p = await this.running(s);
    if (!p) {
      this.#say.err(`${s}: not running`);
      return false;
    }
    const r = await exec("kill", ["-s", sig, String(p.pid)]);
    if (r.code !== 0) this.#say.err(`${s}: kill -s ${sig} ${p.pid}: ${r.stderr.trim()}`);
    return r.code === 0;
  }

  async status(s: ServiceName): Promise<string> {
    const p = await this.running(s);
    if (!p) return `${s}: down`;
    const secs = Math.max(0, Math.floor((Date.now() - p.since.getTime()) / 1000));
    return `${s}: up (pid ${p.pid}) ${secs} seconds${p.paused ? ", paused" : ""}`;
  }
}
