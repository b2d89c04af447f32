/**
 * The control files qmail-send reads (getcontrols), and those it re-reads on
 * SIGHUP (regetcontrols: locals and virtualdomains only, as qmail-send(8)
 * says).
 *
 * @module
 */

import { Control } from "../control/control.ts";
import { RecipientRouter } from "../control/rewrite.ts";
import { VirtualDomains } from "../control/virtualdomains.ts";
import type { SendControls } from "./context.ts";

/** Everything qmail-send takes from control/. */
export interface SendConfig {
  controls: SendControls;
  envnoathost: string;
  percenthack: string[];
  locals: string[];
  virtualdomains: VirtualDomains;
}

/** Thrown when qmail-send cannot start for want of controls. */
export class ControlsUnreadable extends Error {}

/** Reads qmail-send's controls from `home` (undefined locals and me: cannot start). */
export function readSendConfig(home: string): SendConfig {
  let c: Control;
  let locals: string[] | undefined;
  try {
    c = new Control(home);
    locals = c.get("locals");
  } catch (e) {
    throw new ControlsUnreadable(String(e));
  }
  if (locals === undefined) throw new ControlsUnreadable("no control/locals and no control/me");
  try {
    return {
      controls: {
        queuelifetime: c.get("queuelifetime"),
        concurrencylocal: c.get("concurrencylocal"),
        concurrencyremote: c.get("concurrencyremote"),
        bouncefrom: c.get("bouncefrom"),
        bouncehost: c.get("bouncehost"),
        doublebounceto: `${c.get("doublebounceto")}@${c.get("doublebouncehost")}`,
      },
      envnoathost: c.get("envnoathost"),
      percenthack: c.get("percenthack"),
      locals,
      virtualdomains: c.get("virtualdomains"),
    };
  } catch (e) {
    throw new ControlsUnreadable(String(e));
  }
}

/**
 * Re-reads locals and virtualdomains into `cfg` (regetcontrols). Returns the
 * alert text when a file cannot be read; `cfg` is then unchanged.
 */
export function rereadSendConfig(home: string, cfg: SendConfig): string | undefined {
  const c = new Control(home);
  let locals: string[] | undefined;
  try {
    locals = c.get("locals");
  } catch {
    locals = undefined;
  }
  if (locals === undefined) return "unable to reread control/locals";
  let vdoms: VirtualDomains;
  try {
    vdoms = VirtualDomains.parse(c.lines("virtualdomains") ?? []);
  } catch {
    return "unable to reread control/virtualdomains";
  }
  cfg.locals = locals;
  cfg.virtualdomains = vdoms;
  return undefined;
}

/** The recipient router for a configuration. */
export function routerOf(cfg: SendConfig): RecipientRouter {
  return new RecipientRouter({
    envnoathost: cfg.envnoathost,
    locals: cfg.locals,
    percenthack: cfg.percenthack,
    virtualdomains: cfg.virtualdomains,
  });
}
