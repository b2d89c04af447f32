/**
 * qmail-local(8) in-process: delivers one message to one user by the
 * procedure of dot-qmail(5) and reports as qmail-local does — an exit code
 * (0, 100 permanent, 111 temporary) and the text it wrote (program output,
 * warnings, the `did F+W+P` count and `qp N`, or the error that stopped it).
 *
 * It never changes the process's directory or umask, so many deliveries can
 * run at once in one process: paths are resolved against the home directory.
 *
 * @module
 */

import { bytesToLatin1, latin1ToBytes } from "../text/latin1.ts";
import { candidates, newSender, ownerFiles, parseDotQmail } from "./dotqmail.ts";
import { commandEnv, type DeliveryVars } from "./environ.ts";
import { errorText, hard, isPermError, isTempError, LocalExit, soft } from "./exit.ts";
import { hasDeliveredTo } from "./loop.ts";
import { dtLine, rpLine, ufLine } from "./lines.ts";
import { deliverMaildir } from "./maildir.ts";
import { deliverMbox } from "./mbox.ts";
import { runProgram } from "./program.ts";
import { mayExist } from "../control/presence.ts";

/** qmail-local's arguments. */
export interface LocalArgs {
  user: string;
  /** The user's home directory (absolute). */
  home: string;
  local: string;
  dash: string;
  ext: string;
  /** The recipient's domain. */
  host: string;
  sender: string;
  /** Instructions used when the .qmail file is empty or (bare user) missing. */
  defaultDelivery: string;
  /** False for -n: describe the instructions instead of following them. */
  doit?: boolean;
}

/** The message: its bytes, and a file holding them that programs can read as stdin. */
export interface LocalMessage {
  bytes: Uint8Array;
  /** A seekable file with the same bytes (the queue file, or a copy made on demand). */
  file?: string;
}

/** What the delivery may use from its surroundings. */
export interface LocalContext {
  /** QMAILHOME (for PATH and for forwarding through the queue). */
  qmailHome: string;
  /** The environment programs inherit. */
  baseEnv: Record<string, string>;
  /** Queues a forwarded message; returns the qp to report, or throws QueueError. */
  forward(message: Uint8Array[], sender: string, recipients: string[]): Promise<number>;
  /** A file with the message's bytes for program stdin, when `message.file` is absent. */
  spool?(bytes: Uint8Array): Promise<{ path: string; remove(): Promise<void> }>;
  now?: () => Date;
  /** How long an mbox lock is waited for (default 30 s). */
  lockWaitMs?: number;
}

/** How qmail-local ended. */
export interface LocalOutcome {
  /** The exit code; null when qmail-local crashed (its worker died). */
  code: number | null;
  /** Everything it wrote on stdout and stderr (latin1). */
  output: string;
}

/** conf-patrn: bits not allowed on the home directory or a .qmail file. */
const PATRN = 0o002;

/** Runs qmail-local. Never throws for delivery trouble: it is in the outcome. */
export async function qmailLocal(
  a: LocalArgs,
  message: LocalMessage,
  ctx: LocalContext,
): Promise<LocalOutcome> {
  const out: string[] = [];
  let spooled: { path: string; remove(): Promise<void> } | undefined;
  try {
    await run(a, message, ctx, out, async () => {
      if (message.file) return message.file;
      if (!ctx.spool) throw soft("Unable to rewind message. (#4.3.0)");
      spooled ??= await ctx.spool(message.bytes);
      return spooled.path;
    });
    return { code: 0, output: out.join("") };
  } catch (e) {
    if (e instanceof ProgramExit) return { code: e.code, output: out.join("") };
    if (e instanceof LocalExit) return { code: e.code, output: out.join("") + e.text + "\n" };
    return {
      code: 111,
      output: out.join("") + `Temporary failure in qmail-local: ${String(e)}. (#4.3.0)\n`,
    };
  } finally {
    await spooled?.remove();
  }
}

/** A program's exit code ending qmail-local with no text of its own. */
class ProgramExit extends Error {
  constructor(readonly code: number) {
    super(`program exit ${code}`);
  }
}

function resolvePath(home: string, p: string): string {
  return p.startsWith("/") ? p : `${home}/${p}`;
}

function statHome(a: LocalArgs, doit: boolean, out: string[]): void {
  let st: Deno.FileInfo;
  try {
    st = Deno.statSync(a.home);
    if (!st.isDirectory) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
  } catch (e) {
    throw soft(`Unable to switch to ${a.home}: ${errorText(e)}. (#4.3.0)`);
  }
  const mode = st.mode ?? 0;
  if (mode & PATRN) throw soft("Uh-oh: home directory is writable. (#4.7.0)");
  if (mode & 0o1000) {
    if (doit) throw soft("Home directory is sticky: user is editing his .qmail file. (#4.2.1)");
    out.push("Warning: home directory is sticky.\n");
  }
}

/**
 * Opens a .qmail file if it is there and a regular file (qmeexists). Small
 * local files: read synchronously, which is quicker than a thread hop.
 */
function readQmail(
  home: string,
  name: string,
): { text: string; forwardOnly: boolean } | undefined {
  let f: Deno.FsFile;
  try {
    f = Deno.openSync(`${home}/${name}`, { read: true });
  } catch (e) {
    if (isTempError(e) || isPermError(e)) {
      throw soft(`Unable to open ${name}: ${errorText(e)}. (#4.3.0)`);
    }
    return undefined;
  }
  try {
    let st: Deno.FileInfo;
    try {
      st = f.statSync();
    } catch (e) {
      throw soft(`Unable to open ${name}: ${errorText(e)}. (#4.3.0)`);
    }
    if (!st.isFile) return undefined;
    const mode = st.mode ?? 0;
    if (mode & PATRN) throw soft("Uh-oh: .qmail file is writable. (#4.7.0)");
    const bytes = new Uint8Array(st.size);
    let n = 0;
    for (;;) {
      if (n === bytes.length) break;
      const r = f.readSync(bytes.subarray(n));
      if (r === null) break;
      n += r;
    }
    return { text: bytesToLatin1(bytes.subarray(0, n)), forwardOnly: (mode & 0o100) !== 0 };
  } finally {
    f.close();
  }
}

/**
 * Whether `.qmail…-owner` exists (qmeox); temporary errors defer. A cached
 * listing of the home directory answers "absent" without a thrown NotFound.
 */
function exists(home: string, name: string): boolean {
  if (!mayExist(`${home}/${name}`)) return false;
  try {
    Deno.statSync(`${home}/${name}`);
    return true;
  } catch (e) {
    if (isTempError(e)) throw soft(`Unable to open ${name}: ${errorText(e)}. (#4.3.0)`);
    return false;
  }
}

async function run(
  a: LocalArgs,
  message: LocalMessage,
  ctx: LocalContext,
  out: string[],
  stdinFile: () => Promise<string>,
): Promise<void> {
  const doit = a.doit ?? true;
  if (!a.home.startsWith("/")) {
    throw hard(
      "qmail-local: usage: qmail-local [ -nN ] user homedir local dash ext domain sender aliasempty",
    );
  }
  statHome(a, doit, out);
  const recipient = `${a.local}@${a.host}`;
  const dt = dtLine(recipient);
  if (doit && hasDeliveredTo(message.bytes, latin1ToBytes(dt))) {
    throw hard("This message is looping: it already has my Delivered-To line. (#5.4.6)");
  }
  const rp = rpLine(a.sender);
  const uf = ufLine(a.sender, (ctx.now ?? (() => new Date()))());

  let found: { text: string; forwardOnly: boolean } | undefined;
  let defaultPart: string | undefined;
  for (const c of candidates(a.dash, a.ext)) {
    found = readQmail(a.home, c.name);
    if (found) {
      defaultPart = c.default;
      break;
    }
  }
  if (!found && a.dash) throw hard("Sorry, no mailbox here by that name. (#5.1.1)");

  let ueo = a.sender;
  if (a.sender !== "" && a.sender !== "#@[]") {
    const files = ownerFiles(a.dash, a.ext);
    if (exists(a.home, files.owner)) {
      ueo = newSender(a.sender, a.local, a.host, {
        owner: true,
        verp: exists(a.home, files.verp),
      });
    }
  }

  let text = found?.text ?? "";
  let forwardOnly = found?.forwardOnly ?? false;
  if (text === "") {
    text = a.defaultDelivery;
    forwardOnly = false;
  }

  const vars: DeliveryVars = {
    user: a.user,
    home: a.home,
    local: a.local,
    host: a.host,
    sender: a.sender,
    newSender: ueo,
    ext: a.ext,
    dtLine: dt,
    rpLine: rp,
    ufLine: uf,
    default: defaultPart,
  };
  const counts = { file: 0, forward: 0, program: 0 };
  const recips: string[] = [];
  const rpdt = latin1ToBytes(rp + dt);

  for (const line of parseDotQmail(text)) {
    let stop = false;
    switch (line.kind) {
      case "blank":
        if (line.first) throw soft("Uh-oh: first line of .qmail file is blank. (#4.2.1)");
        break;
      case "comment":
        break;
      case "maildir":
      case "mbox":
        counts.file++;
        if (forwardOnly) {
          throw soft("Uh-oh: .qmail has file delivery but has x bit set. (#4.7.0)");
        }
        if (!doit) {
          out.push(`${line.kind} ${line.path}\n`);
        } else if (line.kind === "maildir") {
          await deliverMaildir(resolvePath(a.home, line.path), [rpdt, message.bytes]);
        } else {
          await deliverMbox(
            resolvePath(a.home, line.path),
            line.path,
            latin1ToBytes(uf + rp + dt),
            message.bytes,
            ctx.lockWaitMs,
          );
        }
        break;
      case "program": {
        counts.program++;
        if (forwardOnly) {
          throw soft("Uh-oh: .qmail has prog delivery but has x bit set. (#4.7.0)");
        }
        if (!doit) {
          out.push(`program ${line.command}\n`);
          break;
        }
        stop = await program(line.command, a, vars, ctx, out, await stdinFile());
        break;
      }
      case "plus":
        if (line.list) forwardOnly = true;
        break;
      case "forward":
        counts.forward++;
        if (doit) recips.push(line.address);
        else out.push(`forward ${line.address}\n`);
        break;
    }
    if (stop) break;
  }

  let qp = 0;
  if (recips.length > 0 && doit) {
    try {
      qp = await ctx.forward([latin1ToBytes(dt), message.bytes], ueo, recips);
    } catch (e) {
      const status = (e as { status?: unknown }).status;
      const s = typeof status === "string" ? status : `Z${String(e)}`;
      throw new LocalExit(
        s.startsWith("D") ? 100 : 111,
        `Unable to forward message: ${s.slice(1)}.`,
      );
    }
  }
  out.push(`did ${counts.file}+${counts.forward}+${counts.program}\n`);
  if (qp) out.push(`qp ${qp}\n`);
}

/** Runs one program line; true when it exited 99 (ignore the rest of the file). */
async function program(
  command: string,
  a: LocalArgs,
  vars: DeliveryVars,
  ctx: LocalContext,
  out: string[],
  stdinPath: string,
): Promise<boolean> {
  let r;
  try {
    r = await runProgram({
      command,
      cwd: a.home,
      env: commandEnv(ctx.baseEnv, vars, ctx.qmailHome),
      stdinPath,
    });
  } catch (e) {
    throw soft(`Unable to run /bin/sh: ${errorText(e)}. (#4.3.0)`);
  }
  out.push(bytesToLatin1(r.output));
  if (r.code === null) throw soft("Aack, child crashed. (#4.3.0)");
  switch (r.code) {
    case 0:
      return false;
    case 99:
      return true;
    case 100:
    case 64:
    case 65:
    case 70:
    case 76:
    case 77:
    case 78:
    case 112:
      throw new ProgramExit(100);
    default:
      throw new ProgramExit(111);
  }
}
