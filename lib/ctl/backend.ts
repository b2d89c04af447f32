/**
 * How qmailctl reaches the services: through systemd when the units are
 * installed and systemd runs the machine, else on the processes directly
 * (lib/ctl/process_backend.ts). `QMAILCTL_MODE=systemd|process` overrides.
 *
 * @module
 */

import type { CtlSignal } from "./plan.ts";
import type { ServiceName } from "./services.ts";
import { exists } from "../io/exists.ts";

/** Where output goes. */
export interface Say {
  out(line: string): void;
  err(line: string): void;
}

/** Starting, stopping and signalling services one way or another. */
export interface Backend {
  readonly mode: "systemd" | "process";
  /** The services this installation runs (qmail-send and qmail-smtpd always). */
  services(): ServiceName[];
  /** Whether the service is running. */
  up(s: ServiceName): Promise<boolean>;
  /** Each returns false, having said why on err, when it could not act. */
  start(s: ServiceName): Promise<boolean>;
  stop(s: ServiceName): Promise<boolean>;
  restart(s: ServiceName): Promise<boolean>;
  signal(s: ServiceName, sig: CtlSignal): Promise<boolean>;
  /** One line as svstat prints it: `qmail-send: up (pid 123) 45 seconds`. */
  status(s: ServiceName): Promise<string>;
}

/** Directories systemd loads system units from. */
export const UNIT_DIRS = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

/** Whether `name` (e.g. qmail-send.service) is installed in a system unit directory. */
export function unitInstalled(name: string): boolean {
  return UNIT_DIRS.some((d) => exists(`${d}/${name}`));
}

/**
 * The mode: `override` when given, else systemd when it is running
 * (/run/systemd/system, as sd_booted checks) and qmail-send.service is installed.
 */
export function detectMode(override: string | undefined): "systemd" | "process" {
  if (override === "systemd" || override === "process") return override;
  return exists("/run/systemd/system") && unitInstalled("qmail-send.service")
    ? "systemd"
    : "process";
}
