/**
 * A POP3 service for tests: a password file in a fresh QMAILHOME, a user
 * with a Maildir of given messages (as root a real `qmt…` system account,
 * removed afterwards; otherwise the caller with explicit ids), and the chain
 * `qmail-popup HOST checkpassword qmail-pop3d Maildir` served on a loopback
 * port chosen at run time (qmail-popup in-process, checkpassword and
 * qmail-pop3d run through main.ts).
 *
 * @module
 */

import { DENO_RUN, MAIN } from "./helpers.ts";
import { servePopup } from "../lib/pop3/popup.ts";
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
  const env = {
    ...Deno.env.toObject(),
    QMAILHOME: home,
    QMAIL_SELF: MAIN,
    CHECKPASSWORD_DELAY: "0",
    TCPREMOTEIP: "127.0.0.1",
    ...opts.env,
  };
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const sessions = new Set<Promise<unknown>>();
  let id = 0;
  const accepting = (async () => {
    for await (const conn of listener) {
      const session = servePopup(conn, conn, {
        hostname: "pop.test",
        // stderr goes to the log file through /bin/sh, as tcpserver would log it.
        command: ["/bin/sh", [
          "-c",
          'exec "$@" 2>>"$QMT_LOG"',
          "sh",
          Deno.execPath(),
          ...DENO_RUN,
          "checkpassword",
          "qmail-pop3d",
          "Maildir",
        ]],
        childIo: "pipe",
        pid: ++id,
        env: { ...env, QMT_LOG: logFile },
      }).catch(() => 1).finally(() => {
        try {
          conn.close();
        } catch { /* closed by the client */ }
      });
      sessions.add(session);
      session.finally(() => sessions.delete(session));
    }
  })();
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
    port: (listener.addr as Deno.NetAddr).port,
    settled: async () => {
      while (sessions.size > 0) await Promise.allSettled([...sessions]);
    },
    log: () => {
      try {
        return Deno.readTextFileSync(logFile);
      } catch {
        return "";
      }
    },
    async [Symbol.asyncDispose]() {
      listener.close();
      await accepting.catch(() => {});
      await Promise.allSettled([...sessions]);
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
