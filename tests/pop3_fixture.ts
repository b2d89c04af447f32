/**
 * A POP3 service for tests: a password file in a fresh QMAILHOME, a user
 * with a Maildir of given messages (as root a real `qmt…` system account,
 * removed afterwards; otherwise the caller with explicit ids), and the
 * built-in tcpserver running `qmail-popup pop.test checkpassword qmail-pop3d
 * Maildir` on a loopback port chosen at run time (qmail-popup in-process,
 * checkpassword and qmail-pop3d as processes), all through main.ts.
 *
 * @module
 */

import { DENO_RUN, freePort } from "./helpers.ts";
import { makeMaildir } from "../lib/pop3/_testing.ts";
import { makeHash } from "../lib/auth/hash.ts";

/** A running POP3 service and what it serves. */
export interface PopFixture extends AsyncDisposable {
  dir: string;
  home: string;
  user: string;
  password: string;
  apopSecret: string;
  uid: number;
  gid: number;
  /** The user's home; the Maildir is `Maildir` in it. */
  userHome: string;
  maildir: string;
  port: number;
  /** The log (stderr) of checkpassword and qmail-pop3d. */
  log(): string;
  /** Resolves when every session so far has ended (its programs have exited). */
  settled(): Promise<void>;
}

const isRoot = Deno.uid() === 0;

async function sh(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** A password hash from openssl (the tool an operator would use), else our own. */
async function hashOf(password: string): Promise<string> {
  try {
    return (await sh("openssl", ["passwd", "-6", password])).trim();
  } catch {
    return await makeHash(password);
  }
}

/** Sets up the user, the Maildir and the password file, and starts serving. */
export async function popFixture(
  messages: [string, Uint8Array | string][],
  opts: { env?: Record<string, string> } = {},
): Promise<PopFixture> {
  const dir = await Deno.makeTempDir({ prefix: "qmt-pop3-" });
  await Deno.chmod(dir, 0o755);
  const home = `${dir}/qmail`;
  const userHome = `${dir}/home`;
  const maildir = `${userHome}/Maildir`;
  await Deno.mkdir(`${home}/control`, { recursive: true });
  await Deno.mkdir(userHome, { recursive: true });
  makeMaildir(maildir, messages);
  const password = "sécret pw";
  const apopSecret = "apop:secret";
  let user: string;
  let uid: number;
  let gid: number;
  if (isRoot) {
    user = `qmt${crypto.randomUUID().slice(0, 8)}`;
    await sh("useradd", ["-M", "-d", userHome, "-s", "/usr/sbin/nologin", user]);
    uid = Number((await sh("id", ["-u", user])).trim());
    gid = Number((await sh("id", ["-g", user])).trim());
    await sh("chown", ["-R", `${uid}:${gid}`, userHome]);
  } else {
    user = "popuser";
    uid = Deno.uid()!;
    gid = Deno.gid()!;
  }
  const ids = isRoot ? ":::" : `${uid}:${gid}:${userHome}:`;
  const line = `${user}:${await hashOf(password)}:${ids}:${apopSecret}\n`;
  await Deno.writeTextFile(`${home}/control/poppasswd`, line, { mode: 0o600 });

  const logFile = `${dir}/log`;
  // A free port for tcpserver (the moment between closing and binding is harmless here).
  const port = freePort();
  const server = new Deno.Command("/bin/sh", {
    args: [
      "-c",
      'exec "$@" 2>>"$QMT_LOG"',
      "sh",
      Deno.execPath(),
      ...DENO_RUN,
      "tcpserver",
      "-v",
      "127.0.0.1",
      String(port),
      "qmail-popup",
      "pop.test",
      "checkpassword",
      "qmail-pop3d",
      "Maildir",
    ],
    env: { QMAILHOME: home, CHECKPASSWORD_DELAY: "0", QMT_LOG: logFile, ...opts.env },
    stdin: "null",
    stdout: "null",
  }).spawn();
  const log = () => {
    try {
      return Deno.readTextFileSync(logFile);
    } catch {
      return "";
    }
  };
  const count = (re: RegExp) => log().match(re)?.length ?? 0;
  const settled = async () => {
    for (let i = 0; i < 600 && count(/^tcpserver: end /gm) < count(/^tcpserver: pid /gm); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // Ready once it accepts (that first connection is a session that ends at once).
  for (let i = 0;; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch (e) {
      if (i >= 300) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await settled();
  return {
    dir,
    home,
    user,
    password,
    apopSecret,
    uid,
    gid,
    userHome,
    maildir,
    port,
    settled,
    log,
    async [Symbol.asyncDispose]() {
      await settled();
      server.kill("SIGTERM");
      await server.status;
      if (isRoot) await sh("userdel", [user]).catch(() => "");
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The names of the files in a Maildir subdirectory. */
export function maildirNames(maildir: string, sub: "new" | "cur" | "tmp"): string[] {
  return [...Deno.readDirSync(`${maildir}/${sub}`)].map((e) => e.name).sort();
}

/** Test messages: a header-only one, one with dot-leading lines, an 8-bit one, a big one. */
export function sampleMessages(bigBytes = 0): [string, Uint8Array][] {
  const enc = (s: string) => new TextEncoder().encode(s);
  const out: [string, Uint8Array][] = [
    ["1700000001.M1P1.pop.test", enc("Subject: plain\nFrom: a@b\n\nHello.\n")],
    ["1700000002.M2P2.pop.test", enc("Subject: dots\n\n.\n..\n.leading dot\nend\n.")],
    [
      "1700000003.M3P3.pop.test",
      new Uint8Array([
        ...enc("Subject: 8bit\nContent-Type: text/plain; charset=latin1\n\n"),
        0xe9,
        0xe8,
        0xff,
        0x80,
        10,
      ]),
    ],
  ];
  if (bigBytes > 0) {
    const line = enc("The quick brown fox jumps over the lazy dog. 0123456789 ............\n");
    const big = new Uint8Array(bigBytes);
    big.set(enc("Subject: big\n\n"));
    for (let at = 14; at < bigBytes; at += line.length) {
      big.set(line.subarray(0, bigBytes - at), at);
    }
    big[bigBytes - 1] = 10;
    big[14] = 46; // a dot-leading first body line
    out.push(["1700000004.M4P4.pop.test", big]);
  }
  return out;
}

/** What a client that turns CRLF into LF and removes dot-stuffing delivers: the file and qmail-pop3d's extra blank line. */
export function asDelivered(file: Uint8Array): Uint8Array {
  const out = new Uint8Array(file.length + 2);
  out.set(file);
  let n = file.length;
  if (n > 0 && file[n - 1] !== 10) out[n++] = 10;
  out[n++] = 10;
  return out.subarray(0, n);
}
