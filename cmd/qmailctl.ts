/**
 * qmailctl: the install guide's control script for the whole mail system —
 * `qmailctl {start|stop|restart|doqueue|flush|alrm|reload|hup|stat|queue|
 * pause|cont|cdb|help}` — acting through systemd when the units are installed
 * (lib/ctl/systemd_backend.ts) and on the processes otherwise
 * (lib/ctl/process_backend.ts). Exit 0 when everything was done, 111 when
 * something could not be, 1 with the usage line for an unknown verb.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { type Backend, detectMode, type Say } from "../lib/ctl/backend.ts";
import { planVerb, USAGE } from "../lib/ctl/plan.ts";
import { ProcessBackend } from "../lib/ctl/process_backend.ts";
import { runSteps } from "../lib/ctl/run.ts";
import { SystemdBackend } from "../lib/ctl/systemd_backend.ts";
import { clearTcpto } from "../lib/remote/tcpto.ts";

/** Runs one verb. */
export async function main(args: string[]): Promise<number> {
  const steps = args.length === 1 ? planVerb(args[0]) : undefined;
  if (!steps) {
    console.error(`Usage: ${USAGE}`);
    return 1;
  }
  const home = qmailHome();
  const env = (name: string) => Deno.env.get(name);
  const say: Say = { out: (l) => console.log(l), err: (l) => console.error(`qmailctl: ${l}`) };
  const backend: Backend = detectMode(env("QMAILCTL_MODE")) === "systemd"
    ? new SystemdBackend(say)
    : new ProcessBackend({ home, env }, say);
  const inProcess = async (load: () => Promise<{ main(a: string[]): Promise<number> }>) =>
    (await (await load()).main([])) === 0;
  try {
    const ok = await runSteps(steps, {
      home,
      backend,
      say,
      tcpok: async () => {
        try {
          await clearTcpto(home);
          return true;
        } catch (e) {
          say.err(
            `unable to clear ${home}/queue/lock/tcpto: ${e instanceof Error ? e.message : e}`,
          );
          return false;
        }
      },
      qstat: () => inProcess(() => import("./qmail-qstat.ts")),
      qread: () => inProcess(() => import("./qmail-qread.ts")),
    });
    return ok ? 0 : 111;
  } catch (e) {
    say.err(`fatal: ${e instanceof Error ? e.message : e}`);
    return 111;
  }
}
