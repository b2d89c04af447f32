/**
 * Carrying out a verb's steps (lib/ctl/plan.ts) with a backend.
 *
 * @module
 */

import type { Backend, Say } from "./backend.ts";
import { rebuildRules } from "./cdb.ts";
import { HELP_TEXT, type Step } from "./plan.ts";
import type { ServiceName } from "./services.ts";

/** What the steps need besides the backend. */
export interface RunContext {
  home: string;
  backend: Backend;
  say: Say;
  /** Clears qmail-remote's timeout table (qmail-tcpok). */
  tcpok(): Promise<boolean>;
  /** Prints qmail-qstat's or qmail-qread's output; false on failure. */
  qstat(): Promise<boolean>;
  qread(): Promise<boolean>;
}

function pick(b: Backend, s: "all" | ServiceName[]): ServiceName[] {
  const have = b.services();
  return s === "all" ? have : s.filter((x) => have.includes(x));
}

/** Runs the steps in order; returns true when every one succeeded. */
export async function runSteps(steps: Step[], c: RunContext): Promise<boolean> {
  let ok = true;
  const b = c.backend;
  for (const step of steps) {
    switch (step.do) {
      case "say":
        c.say.out(step.text);
        break;
      case "start":
        for (const s of pick(b, step.services)) ok = (await b.start(s)) && ok;
        break;
      case "stop":
        for (const s of pick(b, step.services)) {
          if (step.services !== "all") c.say.out(`  ${s}`);
          ok = (await b.stop(s)) && ok;
        }
        break;
      case "restart":
        ok = (await b.restart(step.service)) && ok;
        break;
      case "signal":
        if (step.ifUp && !(await b.up(step.service))) break;
        if (b.services().includes(step.service)) {
          ok = (await b.signal(step.service, step.signal)) && ok;
        }
        break;
      case "tcpok":
        ok = (await c.tcpok()) && ok;
        break;
      case "status":
        for (const s of b.services()) c.say.out(await b.status(s));
        break;
      case "qstat":
        ok = (await c.qstat()) && ok;
        break;
      case "qread":
        ok = (await c.qread()) && ok;
        break;
      case "cdb":
        ok = rebuildRules(c.home, c.say) && ok;
        break;
      case "help":
        c.say.out(HELP_TEXT);
        break;
    }
  }
  return ok;
}
