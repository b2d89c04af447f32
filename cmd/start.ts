/**
 * `deno task start`: the whole mail system in a local directory, no root
 * needed. Creates (once) a single-user tree for `localhost` in QMAILHOME
 * (the task's default: ./var/qmail), starts qmail-start, qmail-smtpd on
 * 127.0.0.1:2525 and the POP3 chain on 127.0.0.1:2110 (other free ports when
 * those are taken) under the built-in tcpserver, prints where to send mail,
 * where it lands and how to read it, and on Ctrl-C stops everything cleanly.
 *
 * @module
 */

import { qmailHome } from "../lib/paths.ts";
import { selfCommand } from "../lib/cli/self.ts";
import { die } from "../lib/cli/exit.ts";
import { readPasswd } from "../lib/ids/accounts.ts";
import { removePidFile, writePidFile } from "../lib/ctl/pidfile.ts";
import {
  accountSteps,
  type Caller,
  instructions,
  mailboxHome,
  newPassword,
  setupFiles,
  treeSteps,
} from "../lib/start/setup.ts";
import { freePort, waitForListener } from "../lib/start/ports.ts";
import { type Service, Supervisor } from "../lib/start/supervise.ts";

async function run(program: string, args: string[], stdin?: string): Promise<void> {
  const [cmd, cmdArgs] = selfCommand(program, args);
  const child = new Deno.Command(cmd, {
    args: cmdArgs,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  if (!out.success) {
    die(111, "start", `fatal: ${program} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
}

function caller(): Caller {
  const uid = Deno.uid() ?? 0;
  const me = readPasswd().find((p) => p.uid === uid);
  if (!me) die(111, "start", `fatal: uid ${uid} is not in /etc/passwd`);
  return { user: me.name, uid, gid: Deno.gid() ?? me.gid };
}

/** Makes the tree on the first run; returns the POP3 password. */
async function setUp(home: string, c: Caller): Promise<string> {
  const passwordFile = `${home}/start-password`;
  try {
    return Deno.readTextFileSync(passwordFile).trim();
  } catch {
    // first run
  }
  const password = newPassword();
  for (const step of treeSteps()) await run(...step);
  for (const [name, text] of Object.entries(setupFiles(home, c))) {
    Deno.writeTextFileSync(`${home}/${name}`, text, { mode: 0o644 });
  }
  Deno.mkdirSync(mailboxHome(home, c.user), { recursive: true, mode: 0o700 });
  for (const step of accountSteps(home, c, password)) await run(...step);
  Deno.writeTextFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Runs the mail system until SIGINT or SIGTERM. */
export async function main(args: string[]): Promise<number> {
  if (args.length > 0) die(100, "start", "usage: start   (QMAILHOME selects the tree)");
  const home = qmailHome();
  const c = caller();
  const password = await setUp(home, c);
  const smtpPort = freePort(2525);
  const pop3Port = freePort(2110);
  const services: Service[] = [
    { name: "qmail-send", program: "qmail-start", args: [], prefix: "" },
    {
      name: "qmail-smtpd",
      program: "tcpserver",
      args: ["-v", "-R", "-H", "-l", "localhost", "-x", `${home}/control/tcp.smtp.cdb`],
      listen: ["127.0.0.1", String(smtpPort)],
      tail: ["qmail-smtpd"],
      prefix: "smtpd: ",
    },
    {
      name: "qmail-pop3d",
      program: "tcpserver",
      args: ["-v", "-R", "-H"],
      listen: ["127.0.0.1", String(pop3Port)],
      tail: ["qmail-popup", "localhost", "checkpassword", "qmail-pop3d", "Maildir"],
      prefix: "pop3d: ",
      // Run by root, the tree's one user is root: let qmail-pop3d serve it.
      env: c.uid === 0 ? { POP3D_ALLOW_ROOT: "1" } : undefined,
    },
  ];
  const sup = new Supervisor(services, {
    onStart: (s, pid) => writePidFile(home, s.name, pid),
    onExit: (s) => removePidFile(home, s.name),
  });
  await sup.start();
  for (const port of [smtpPort, pop3Port]) {
    if (!await waitForListener(port)) {
      console.error(`start: nothing listens on 127.0.0.1:${port}; stopping`);
      sup.stop();
      await sup.runUntilSignal();
      return 111;
    }
  }
  console.log(instructions({ home, user: c.user, password, smtpPort, pop3Port }));
  return await sup.runUntilSignal();
}
