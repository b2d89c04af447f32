/**
 * Every program `qmail` can run: its one-line summary, its usage, where its
 * code is, and the Deno permissions it runs with. Kept free of program code
 * and of `import()` (Deno loads the module graph of every literal `import()`
 * when the importing module loads), so the dispatcher loads only the program
 * it runs.
 *
 * @module
 */

import type { GrantContext, Grants } from "../lib/sandbox/grants.ts";
import { BASE_ENV } from "../lib/sandbox/grants.ts";
import { nextRunGrant } from "../lib/cli/next_program.ts";
import { tcprulesGrants } from "../lib/tcprules/grants.ts";
import { installGrants } from "../lib/install/grants.ts";
import { dnsGrants, mergeGrants, rblsmtpdGrants, tcpserverGrants } from "../lib/net/grants.ts";
import { tcpEnvProgram } from "../lib/net/tcp_env.ts";
import { UCSPI_ENV } from "../lib/net/ucspi.ts";
import { qmqpcGrants } from "../lib/qmtp/grants.ts";

/** A program's entry point: its arguments in, its exit code out. */
export type ProgramMain = (args: string[]) => Promise<number>;

/** One program of the multi-call binary. */
export interface ProgramSpec {
  summary: string;
  usage: string;
  /** Its module, `cmd/<module>.ts` (default: the program's name). */
  module?: string;
  /** The function of that module that runs it (default: `main`). */
  entry?: string;
  grants(ctx: GrantContext): Grants;
  /** Arguments the permission table in docs/ARCHITECTURE.md shows grants for (default ["DIR"]). */
  docArgs?: string[];
}

/** The system files that map qmail's user names to ids (getpwnam/getgrnam). */
const ACCOUNT_FILES = ["/etc/passwd", "/etc/group"];

/** Environment variables qmail-inject gives meaning to (qmail-inject(8)). */
export const INJECT_ENV = [
  "QMAILUSER",
  "QMAILNAME",
  "QMAILHOST",
  "QMAILSUSER",
  "QMAILSHOST",
  "QMAILIDHOST",
  "QMAILPLUSDOMAIN",
  "QMAILDEFAULTDOMAIN",
  "QMAILDEFAULTHOST",
  "QMAILINJECT",
  "QMAILMFTFILE",
  "QMAILQUEUE",
  "MAILUSER",
  "MAILNAME",
  "MAILHOST",
  "USER",
  "LOGNAME",
  "NAME",
  "HOME",
];

/** Environment qmail-smtpd reads (tcp-environ(5), qmail-smtpd(8)). */
export const SMTPD_ENV = [
  ...UCSPI_ENV,
  "RELAYCLIENT",
  "DATABYTES",
  "QMAILQUEUE",
];

/** Environment qmail-qmtpd reads (tcp-environ(5), qmail-qmtpd(8)): qmail-smtpd's. */
export const QMTPD_ENV = SMTPD_ENV;

/** Environment qmail-qmqpd reads (tcp-environ(5), qmail-qmqpd(8)). */
export const QMQPD_ENV = [...UCSPI_ENV, "QMAILQUEUE"];

/**
 * Grants of a network server that queues what it receives (qmail-smtpd,
 * qmail-qmtpd, qmail-qmqpd): its controls and the queue, the environment it
 * reads, and, only when QMAILQUEUE names one, that program.
 */
function receiver(ctx: GrantContext, env: string[], sys: Grants["sys"] = ["uid", "gid"]): Grants {
  const qq = ctx.env("QMAILQUEUE");
  return {
    read: [`${ctx.home}/control`, `${ctx.home}/queue`, ctx.home, ...ACCOUNT_FILES],
    write: [`${ctx.home}/queue`, `${ctx.home}/maildrop`],
    // A QMAILQUEUE program inherits the whole environment, as under qmail
    // (filters such as simscan read TCPREMOTEIP, RELAYCLIENT, …).
    env: qq ? true : [...BASE_ENV, ...env],
    sys,
    run: qq ? [qq, "/bin/sh"] : false,
  };
}

/** Grants of a program that hands messages to the queue (qmail-queue's contract). */
function injector(ctx: GrantContext, extraEnv: string[] = []): Grants {
  const qq = ctx.env("QMAILQUEUE");
  const mft = ctx.env("QMAILMFTFILE");
  return {
    read: [ctx.home, ...ACCOUNT_FILES, ...(mft ? [mft] : [])],
    write: [`${ctx.home}/queue`, `${ctx.home}/maildrop`],
    // A QMAILQUEUE program inherits the whole environment, as under qmail.
    env: qq ? true : [...BASE_ENV, ...INJECT_ENV, ...extraEnv],
    sys: ["uid", "gid"],
    // A QMAILQUEUE replacement is run with the envelope moved to fd 1 by /bin/sh.
    run: qq ? [qq, "/bin/sh"] : false,
  };
}

/** The dead-host tables (queue/lock/tcpto, and tcpto6 for IPv6). */
function tcptoFiles(ctx: GrantContext): string[] {
  return [`${ctx.home}/queue/lock/tcpto`, `${ctx.home}/queue/lock/tcpto6`];
}

/**
 * Grants of remote delivery (qmail-remote, qmail-rspawn): outbound TCP to
 * any host and DNS (Deno's net grant cannot say "port 25 and 53 anywhere",
 * and smtproutes may name any port), control/ and the resolver's
 * configuration, the dead-host tables, and the interface list (ipme).
 */
function remoteGrants(ctx: GrantContext): Grants {
  return {
    read: [`${ctx.home}/control`, "/etc/resolv.conf", ...tcptoFiles(ctx)],
    write: tcptoFiles(ctx),
    net: true,
    env: [...BASE_ENV, "DNSCACHEIP", "QMAILREMOTE_PORT"],
    sys: ["networkInterfaces"],
  };
}

/**
 * What a local delivery needs (qmail-local, and in-process delivery in
 * qmail-start or qmail-lspawn): a .qmail file may name any mailbox, maildir
 * or program of its user, so reads and writes are not narrowed (the uid the
 * delivery runs as is the boundary); programs run through /bin/sh with the
 * inherited environment; forwards are queued (hostname: maildir names).
 */
export function localDeliveryGrants(): Grants {
  return {
    read: true,
    write: true,
    run: ["/bin/sh"],
    env: true,
    sys: ["hostname", "uid", "gid"],
  };
}

/** A .qmail helper that queues the message (forward, condredirect: qmail-queue's contract). */
function dotQmailHelper(ctx: GrantContext, runs: boolean): Grants {
  const g = injector(ctx);
  return { ...g, env: true, run: runs ? true : g.run };
}

/** The program table. */
export const programs: Record<string, ProgramSpec> = {
  "qmail-queue": {
    summary: "queue a mail message for delivery (message on fd 0, envelope on fd 1)",
    usage: "qmail-queue",
    grants: (ctx) => ({
      read: [ctx.home, ...ACCOUNT_FILES],
      write: [`${ctx.home}/queue`, `${ctx.home}/maildrop`],
      sys: ["uid", "gid"],
    }),
  },
  "qmail-qmqpc": {
    summary: "queue a mail message via QMQP (qmail-queue's interface; control/qmqpservers)",
    usage: "qmail-qmqpc",
    grants: (ctx) => qmqpcGrants(ctx),
  },
  "qmail-inject": {
    summary: "preprocess and send a mail message",
    usage: "qmail-inject [ -nNaAhH ] [ -fsender ] [ recipient ... ]",
    grants: (ctx) => injector(ctx),
  },
  "sendmail": {
    summary: "sendmail interface to qmail-inject (and qmail-smtpd, qmail-qread)",
    usage: "sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]",
    // -bs runs a qmail-smtpd session in-process, which reads its environment.
    grants: (ctx) => injector(ctx, SMTPD_ENV),
  },
  "qmail-smtpd": {
    summary: "receive mail via SMTP (on stdin/stdout, as under tcpserver or inetd)",
    usage: "qmail-smtpd",
    // networkInterfaces: which [d.d.d.d] literals are this host (localiphost).
    grants: (ctx) => receiver(ctx, SMTPD_ENV, ["uid", "gid", "networkInterfaces"]),
  },
  "qmail-qmtpd": {
    summary: "receive mail via QMTP (on stdin/stdout, as under tcpserver or inetd)",
    usage: "qmail-qmtpd",
    grants: (ctx) => receiver(ctx, QMTPD_ENV),
  },
  "qmail-qmqpd": {
    summary: "receive a message via QMQP from a trusted client (on stdin/stdout)",
    usage: "qmail-qmqpd",
    grants: (ctx) => receiver(ctx, QMQPD_ENV),
  },
  "mailq": {
    summary: "list the queue, as sendmail -bp",
    usage: "mailq",
    module: "sendmail",
    entry: "mailqMain",
    grants: (ctx) => ({ read: [ctx.home], env: [...BASE_ENV, "PROTO"] }),
  },
  "predate": {
    summary: "run a program with a Date header line prepended to its input",
    usage: "predate child [ arg ... ]",
    grants: (ctx) => ({ run: true, env: true, read: [ctx.home] }),
  },
  "datemail": {
    summary: "sendmail with a Date line added by predate",
    usage: "datemail [ sendmail options ] [ arg ... ]",
    // -bs runs a qmail-smtpd session in-process, which reads its environment.
    grants: (ctx) => injector(ctx, SMTPD_ENV),
  },
  "qmail-qread": {
    summary: "list outgoing messages and recipients",
    usage: "qmail-qread",
    grants: (ctx) => ({ read: [`${ctx.home}/queue`] }),
  },
  "qmail-qstat": {
    summary: "summarize status of the mail queue",
    usage: "qmail-qstat",
    grants: (ctx) => ({ read: [`${ctx.home}/queue`] }),
  },
  "qmail-showctl": {
    summary: "print the effective qmail configuration",
    usage: "qmail-showctl",
    grants: (ctx) => ({ read: [ctx.home, ...ACCOUNT_FILES] }),
  },
  "qmail-newmrh": {
    summary: "compile control/morercpthosts into control/morercpthosts.cdb",
    usage: "qmail-newmrh",
    grants: (ctx) => ({ read: [`${ctx.home}/control`], write: [`${ctx.home}/control`] }),
  },
  "tcprules": {
    summary: "compile tcpserver access rules (read on stdin) into a cdb",
    usage: "tcprules rules.cdb rules.tmp",
    docArgs: ["rules.cdb", "rules.tmp"],
    grants: (ctx) => tcprulesGrants(ctx),
  },
  "tcpserver": {
    summary: "accept TCP connections and run a program for each (denoqmail's servers in-process)",
    usage: "tcpserver [ -1UXpPhHrRoOdDqQv ] [ -c limit ] [ -x rules.cdb ] [ -B banner ] " +
      "[ -g gid ] [ -u uid ] [ -b backlog ] [ -l localname ] [ -t timeout ] host port program",
    docArgs: ["-HRv", "-l", "0", "-x", "/etc/tcp.smtp.cdb", "0", "25", "qmail-smtpd"],
    grants: (ctx) => tcpserverGrants(ctx, programGrants),
  },
  "splogger": {
    summary: "log lines from stdin to syslog with a time stamp (qmail's rc: splogger qmail)",
    usage: "splogger [ tag [ fac ] ]",
    docArgs: ["qmail"],
    // Nothing but stdin: the dispatcher writes to /dev/log (Deno grants /dev to -A only).
    grants: () => ({}),
  },
  "tcp-env": {
    summary:
      "set up tcp-environ(5) for the connection on stdin (inetd, systemd sockets) and run a program",
    usage: "tcp-env [ -rR ] [ -ttimeout ] program [ arg ... ]",
    docArgs: ["qmail-smtpd"],
    // The program inherits the whole environment, as under exec; names come from DNS.
    grants: (ctx) =>
      mergeGrants(dnsGrants(ctx), {
        env: true,
        run: nextRunGrant(tcpEnvProgram(ctx.args) ?? [], isProgram, ctx.env("QMAIL_SELF")),
      }),
  },
  "rblsmtpd": {
    summary: "block mail from RBL-listed sites, wrapping an SMTP server on stdin/stdout",
    usage: "rblsmtpd [ -bBcC ] [ -t timeout ] [ -r base ] [ -a base ] smtpd [ arg ... ]",
    docArgs: ["qmail-smtpd"],
    grants: (ctx) => rblsmtpdGrants(ctx, programGrants),
  },
  "qmail-remote": {
    summary: "send mail via SMTP (message on stdin, report on stdout)",
    usage: "qmail-remote host sender recip [ recip ... ]",
    grants: (ctx) => remoteGrants(ctx),
  },
  "qmail-rspawn": {
    summary: "perform qmail-send's remote deliveries (requests on stdin, results on stdout)",
    usage: "qmail-rspawn",
    grants: (ctx) => {
      const g = remoteGrants(ctx);
      return { ...g, read: [...(g.read as string[]), `${ctx.home}/queue/mess`] };
    },
  },
  "qmail-tcpto": {
    summary: "print qmail-remote's TCP timeout table",
    usage: "qmail-tcpto",
    grants: (ctx) => ({ read: tcptoFiles(ctx) }),
  },
  "qmail-tcpok": {
    summary: "clear qmail-remote's TCP timeout table",
    usage: "qmail-tcpok",
    grants: (ctx) => ({ write: tcptoFiles(ctx) }),
  },
  "qmail-start": {
    summary: "turn on mail delivery: qmail-send, local and remote delivery, qmail-clean",
    usage: "qmail-start [ defaultdelivery [ logger arg ... ] ]",
    // A single-user tree delivers in this process: .qmail files may name any mailbox or
    // program of the user (hostname: Maildir file names). A system tree, as root, starts
    // each part under its own uid (run: this executable, the logger).
    grants: () => ({
      read: true,
      write: true,
      run: true,
      env: true,
      sys: ["uid", "gid", "hostname"],
    }),
  },
  "qmail-send": {
    summary: "deliver mail messages from the queue (started by qmail-start)",
    usage: "qmail-send",
    grants: (ctx) => {
      const qq = ctx.env("QMAILQUEUE");
      return {
        read: [ctx.home, ...ACCOUNT_FILES],
        // Bounces are queued directly or, as qmails, through the maildrop.
        write: [`${ctx.home}/queue`, `${ctx.home}/maildrop`],
        env: [...BASE_ENV, "QMAILQUEUE"],
        sys: ["uid", "gid"],
        run: qq ? [qq, "/bin/sh"] : false,
      };
    },
  },
  "qmail-clean": {
    summary: "clean up the queue directory for qmail-send (commands on stdin)",
    usage: "qmail-clean",
    grants: (ctx) => ({ read: [`${ctx.home}/queue`], write: [`${ctx.home}/queue`] }),
  },
  "qmail-lspawn": {
    summary: "schedule local deliveries for qmail-send (requests on stdin, results on stdout)",
    usage: "qmail-lspawn defaultdelivery",
    docArgs: ["./Maildir/"],
    // As root it starts per-uid workers (this executable); otherwise it delivers in-process,
    // which needs what qmail-local needs. The executable's path differs by installation.
    grants: () => ({ ...localDeliveryGrants(), run: true }),
  },
  "qmail-local": {
    summary: "deliver or forward a mail message as dot-qmail(5) says (message on stdin)",
    usage: "qmail-local [ -nN ] user homedir local dash ext domain sender defaultdelivery",
    grants: () => localDeliveryGrants(),
  },
  "qmail-getpw": {
    summary: "give addresses to users: print the user controlling a local part",
    usage: "qmail-getpw local",
    docArgs: ["joe"],
    // Any home directory is stat'ed (it must belong to its user).
    grants: () => ({ read: true, sys: ["uid", "gid"] }),
  },
  "qmail-newu": {
    summary: "compile users/assign into users/cdb for qmail-lspawn",
    usage: "qmail-newu",
    grants: (ctx) => ({ read: [`${ctx.home}/users`], write: [`${ctx.home}/users`] }),
  },
  "qmail-pw2u": {
    summary: "build users/assign lines from a passwd file on stdin",
    usage: "qmail-pw2u [ -/ohHuUC ] [ -cchar ]",
    docArgs: ["-h"],
    // Home directories anywhere are stat'ed; conf-users names the alias user.
    grants: () => ({ read: true }),
  },
  "forward": {
    summary: "forward new mail to one or more addresses (from a .qmail program line)",
    usage: "forward address ...",
    grants: (ctx) => dotQmailHelper(ctx, false),
  },
  "dot-forward": {
    summary: "follow a sendmail-style .forward file (from a .qmail program line)",
    usage: "dot-forward [ -nN ] file ...",
    docArgs: [".forward"],
    // The listed files (relative to the home directory qmail-local runs it in), commands through /bin/sh.
    grants: (ctx) => {
      const g = dotQmailHelper(ctx, true);
      const files = ctx.args.filter((a) => !a.startsWith("-"));
      const paths = files.map((f) => f.startsWith("/") ? f : `${ctx.cwd}/${f}`);
      return { ...g, read: [...(g.read as string[]), ...paths] };
    },
  },
  "condredirect": {
    summary: "perhaps redirect mail to another address, if a program says so",
    usage: "condredirect newaddress program [ arg ... ]",
    grants: (ctx) => dotQmailHelper(ctx, true),
  },
  "bouncesaying": {
    summary: "bounce each incoming message with an error text (if a program says so)",
    usage: "bouncesaying error [ program [ arg ... ] ]",
    grants: () => ({ run: true, env: true }),
  },
  "except": {
    summary: "reverse the exit code of a program (0 becomes 100)",
    usage: "except program [ arg ... ]",
    grants: () => ({ run: true, env: true }),
  },
  "preline": {
    summary: "feed a program the message with From_, Return-Path and Delivered-To lines",
    usage: "preline [ -frdFRD ] cmd [ arg ... ]",
    grants: () => ({ run: true, env: true }),
  },
  "maildirmake": {
    summary: "create a maildir (name, name/tmp, name/new, name/cur)",
    usage: "maildirmake name",
    docArgs: ["Maildir"],
    grants: (ctx) => {
      const name = ctx.args[0] ?? ".";
      const abs = name.startsWith("/") ? name : `${ctx.cwd}/${name}`;
      return { read: [abs], write: [abs] };
    },
  },
  "maildir2mbox": {
    summary: "move mail from $MAILDIR to the mbox $MAIL (through $MAILTMP)",
    usage: "maildir2mbox",
    grants: (ctx) => {
      // MAIL and MAILTMP are relative to MAILDIR (maildir2mbox works from inside it).
      const abs = (p: string, base: string) => p.startsWith("/") ? p : `${base}/${p}`;
      const maildir = abs(ctx.env("MAILDIR") ?? ".", ctx.cwd);
      const paths = [
        maildir,
        ...["MAIL", "MAILTMP"].map((v) => ctx.env(v))
          .filter((p): p is string => p !== undefined)
          .map((p) => abs(p, maildir)),
      ];
      return {
        read: paths,
        write: paths,
        env: [...BASE_ENV, "MAILDIR", "MAIL", "MAILTMP"],
      };
    },
  },
  "qmail-pickup": {
    summary: "move messages that unprivileged users dropped in QMAILHOME/maildrop into the queue",
    usage: "qmail-pickup [ -1 ]",
    grants: (ctx) => ({
      read: [ctx.home, ...ACCOUNT_FILES],
      write: [`${ctx.home}/queue`, `${ctx.home}/maildrop`],
      sys: ["uid", "gid"],
    }),
  },
  "start": {
    summary: "run the whole mail system in QMAILHOME for localhost (deno task start), no root",
    usage: "start",
    // A supervisor: it makes the tree with this executable's own programs and runs them.
    grants: (ctx) => ({
      read: [ctx.home, ...ACCOUNT_FILES],
      write: [ctx.home],
      run: true,
      net: ["127.0.0.1"],
      env: true,
      sys: ["uid", "gid"],
    }),
  },
  "install": {
    summary: "create the qmail tree (QMAILHOME): directories, queue, users and modes",
    usage: "install [ --single-user ] [ --user-prefix PREFIX ] [ --root DIR ] [ --admin USER ] " +
      "[ --defaultdelivery ./Maildir/ ] [ --units | --no-units ] [ --enable ] [ --replace-sendmail ]",
    // The tree; a system install also its units, sendmail links and systemctl (on request).
    grants: (ctx) => installGrants(ctx),
  },
  "config-fast": {
    summary: "write control/me, defaultdomain, plusdomain, locals, rcpthosts for a host name",
    usage: "config-fast FQDN",
    grants: (ctx) => ({ read: [`${ctx.home}/control`], write: [`${ctx.home}/control`] }),
  },
  "qmailctl": {
    summary: "control the mail system: start, stop, signal qmail-send, show status, rebuild rules",
    usage: "qmailctl {start|stop|restart|doqueue|flush|reload|stat|pause|cont|cdb|queue|help}",
    // systemctl when the units are installed; else pid files checked with ps, signals by
    // kill, daemons started detached by /bin/sh (setsid) with logs in QMAILHOME/log.
    grants: (ctx) => ({
      read: [
        ctx.home,
        ...ACCOUNT_FILES,
        "/run/systemd/system",
        "/etc/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
      ],
      write: [
        `${ctx.home}/run`,
        `${ctx.home}/log`,
        `${ctx.home}/control`,
        `${ctx.home}/queue/lock`,
      ],
      run: ["systemctl", "kill", "ps", "/bin/sh"],
      env: [
        ...BASE_ENV,
        "PATH",
        "HOME",
        "DENO_DIR",
        "QMAILCTL_MODE",
        "QMAILCTL_SMTPD",
        "QMAILCTL_POP3D",
      ],
      sys: ["uid"],
    }),
  },
  "install-links": {
    summary: "create a symlink named after each program in DIR",
    usage: "install-links DIR",
    grants: (ctx) => {
      const dir = ctx.args[0] ?? ".";
      const abs = dir.startsWith("/") ? dir : `${ctx.cwd}/${dir}`;
      return { read: [abs], write: [abs], run: ["ln"], env: [...BASE_ENV, "QMAIL_SELF"] };
    },
  },
  "qmail-popup": {
    summary: "read a POP username and password, then run checkpassword with them on fd 3",
    usage: "qmail-popup hostname subprogram [ arg ... ]",
    docArgs: ["pop.example", "checkpassword", "qmail-pop3d", "Maildir"],
    // The subprogram inherits the whole environment (tcp-environ(5)), as under exec.
    grants: (ctx) => ({
      env: true,
      run: nextRunGrant(ctx.args.slice(1), isProgram, ctx.env("QMAIL_SELF")),
    }),
  },
  "checkpassword": {
    summary: "check a login given on fd 3 (poppasswd, /etc/shadow) and run a program as that user",
    usage: "checkpassword program [ arg ... ]",
    docArgs: ["qmail-pop3d", "Maildir"],
    grants: (ctx) => {
      const shadow = ctx.env("CHECKPASSWORD_SHADOW") ?? "";
      return {
        read: [
          ctx.env("CHECKPASSWORD_FILE") || `${ctx.home}/control/poppasswd`,
          "/etc/passwd",
          ...(shadow !== "" && shadow !== "0" ? ["/etc/shadow"] : []),
        ],
        env: [...BASE_ENV, ...CHECKPASSWORD_ENV],
        sys: ["uid"],
        run: nextRunGrant(ctx.args, isProgram, ctx.env("QMAIL_SELF")),
      };
    },
  },
  "qmail-poppasswd": {
    summary: "set, delete or list accounts in checkpassword's password file (control/poppasswd)",
    usage: "qmail-poppasswd set [-b] [-a] name [uid gid home [shell]] | delete name | list",
    docArgs: ["list"],
    grants: (ctx) => {
      const file = ctx.env("CHECKPASSWORD_FILE") || `${ctx.home}/control/poppasswd`;
      // The file is replaced through a temporary file beside it.
      const dir = file.slice(0, file.lastIndexOf("/")) || "/";
      return { read: [dir], write: [dir], env: [...BASE_ENV, "CHECKPASSWORD_FILE"] };
    },
  },
  "qmail-pop3d": {
    summary: "distribute mail via POP from the Maildir named (after checkpassword)",
    usage: "qmail-pop3d maildirname",
    docArgs: ["Maildir"],
    // That Maildir and nothing else (relative to the home checkpassword changed to).
    grants: (ctx) => {
      const dir = (ctx.args[0] ?? "").replace(/\/+$/, "");
      const env = [...BASE_ENV, "POP3D_ALLOW_ROOT"];
      if (dir === "") return { sys: ["uid"], env };
      const abs = dir.startsWith("/") ? dir : `${ctx.cwd.replace(/\/+$/, "")}/${dir}`;
      return { read: [abs], write: [abs], sys: ["uid"], env };
    },
  },
};

/** Environment checkpassword reads (besides passing the whole of it on). */
export const CHECKPASSWORD_ENV = [
  "CHECKPASSWORD_FILE",
  "CHECKPASSWORD_SHADOW",
  "CHECKPASSWORD_DELAY",
  "TCPREMOTEIP",
  "QMAIL_SELF",
];

/** True when `name` is a program of this executable. */
function isProgram(name: string): boolean {
  return Object.hasOwn(programs, name);
}

/** A program's grants for some arguments (for servers that tcpserver or rblsmtpd run in-process). */
function programGrants(name: string, ctx: GrantContext): Grants | undefined {
  return Object.hasOwn(programs, name) ? programs[name].grants(ctx) : undefined;
}
