/**
 * qmailctl through systemd: units qmail-send, qmail-smtpd and qmail-pop3d
 * (packaging/systemd). start/stop/restart are systemctl's; HUP to qmail-send
 * is `systemctl reload` (the unit's ExecReload); ALRM, STOP and CONT go to
 * the unit's main process with `systemctl kill --kill-who=main` (for
 * qmail-send that is qmail-start, which passes HUP, ALRM and TERM on).
 *
 * @module
 */

import { type Backend, type Say, unitInstalled } from "./backend.ts";
import { exec } from "./exec.ts";
import type { CtlSignal } from "./plan.ts";
import type { ServiceName } from "./services.ts";

/** The systemctl arguments for each action; pure, so tests can check them. */
export const systemctlArgs = {
  start: (s: ServiceName) => ["start", `${s}.service`],
  stop: (s: ServiceName) => ["stop", `${s}.service`],
  restart: (s: ServiceName) => ["restart", `${s}.service`],
  isActive: (s: ServiceName) => ["is-active", "--quiet", `${s}.service`],
  signal: (s: ServiceName, sig: CtlSignal) =>
    s === "qmail-send" && sig === "HUP"
      ? ["reload", `${s}.service`]
      : ["kill", "--kill-who=main", "-s", `SIG${sig}`, `${s}.service`],
  show: (s: ServiceName) => [
    "show",
    "--timestamp=unix",
    "-p",
    "ActiveState",
    "-p",
    "SubState",
    "-p",
    "MainPID",
    "-p",
    "ExecMainStartTimestamp",
    `${s}.service`,
  ],
};

/**
 * An svstat-style line from `systemctl show` output.
 *
 * @example
 * ```ts
 * statusLine("qmail-send", "ActiveState=active\nSubState=running\nMainPID=7\n" +
 *   "ExecMainStartTimestamp=@100\n", 145_000); // "qmail-send: up (pid 7) 45 seconds"
 * ```
 */
export function statusLine(s: ServiceName, show: string, nowMs: number): string {
  const p = Object.fromEntries(
    show.split("\n").filter((l) => l.includes("=")).map((l) => [
      l.slice(0, l.indexOf("=")),
      l.slice(l.indexOf("=") + 1),
    ]),
  );
  if (p.ActiveState === "active" && Number(p.MainPID) > 0) {
    const t = /^@(\d+)/.exec(p.ExecMainStartTimestamp ?? "");
    const secs = t ? Math.max(0, Math.floor(nowMs / 1000) - Number(t[1])) : 0;
    return `${s}: up (pid ${p.MainPID}) ${secs} seconds`;
  }
  return `${s}: ${p.ActiveState === "active" ? "up" : "down"} (${p.ActiveState ?? "unknown"}/${
    p.SubState ?? "unknown"
  })`;
}

/** The systemd backend (see the module comment). */
export class SystemdBackend implements Backend {
  readonly mode = "systemd";
  #say: Say;

  constructor(say: Say) {
    this.#say = say;
  }

  services(): ServiceName[] {
    const s: ServiceName[] = ["qmail-send", "qmail-smtpd"];
    if (unitInstalled("qmail-pop3d.service")) s.push("qmail-pop3d");
    return s;
  }

  async #systemctl(args: string[]): Promise<boolean> {
    const r = await exec("systemctl", args);
    if (r.code !== 0) this.#say.err(`systemctl ${args.join(" ")}: ${r.stderr.trim()}`);
    return r.code === 0;
  }

  async up(s: ServiceName): Promise<boolean> {
    return (await exec("systemctl", systemctlArgs.isActive(s))).code === 0;
  }

  start(s: ServiceName): Promise<boolean> {
    return this.#systemctl(systemctlArgs.start(s));
  }

  stop(s: ServiceName): Promise<boolean> {
    return this.#systemctl(systemctlArgs.stop(s));
  }

  restart(s: ServiceName): Promise<boolean> {
    return this.#systemctl(systemctlArgs.restart(s));
  }

  signal(s: ServiceName, sig: CtlSignal): Promise<boolean> {
    return this.#systemctl(systemctlArgs.signal(s, sig));
  }

  async status(s: ServiceName): Promise<string> {
    const r = await exec("systemctl", systemctlArgs.show(s));
    if (r.code !== 0) return `${s}: unknown (${r.stderr.trim()})`;
    return statusLine(s, r.stdout, Date.now());
  }
}
