/**
 * What `deno task start` sets up once in its tree: a single-user qmail for
 * `localhost`, the caller's mailbox inside the tree (users/assign, so nothing
 * lands in the real home directory), the postmaster aliases, a POP3 account
 * with a generated password, and relay rules that accept local mail from
 * loopback. Each step is a command of this executable, so the tree is made
 * exactly as an operator would make it.
 *
 * @module
 */

/** The caller's account. */
export interface Caller {
  user: string;
  uid: number;
  gid: number;
}

/** Where the caller's mail lands. */
export function mailboxHome(home: string, user: string): string {
  return `${home}/mailboxes/${user}`;
}

/** users/assign mapping the caller (and every extension of it) to the mailbox home. */
export function assignFor(home: string, c: Caller): string {
  const dir = mailboxHome(home, c.user);
  return `=${c.user}:${c.user}:${c.uid}:${c.gid}:${dir}:::\n` +
    `+${c.user}-:${c.user}:${c.uid}:${c.gid}:${dir}:-::\n.\n`;
}

/** A command of this executable: program, arguments, and what to feed it on stdin. */
export type Step = [program: string, args: string[], stdin?: string];

/** The first run, part one: the tree itself. */
export function treeSteps(): Step[] {
  return [["install", ["--single-user"]], ["config-fast", ["localhost"]]];
}

/** The first run, part two (after setupFiles): the mailbox, users/cdb, relay rules, POP3. */
export function accountSteps(home: string, c: Caller, password: string): Step[] {
  const dir = mailboxHome(home, c.user);
  const rules = `${home}/control/tcp.smtp`;
  return [
    ["maildirmake", [`${dir}/Maildir`]],
    ["qmail-newu", []],
    // Loopback clients may send to local addresses (rcpthosts); nobody else connects.
    ["tcprules", [`${rules}.cdb`, `${rules}.tmp`], "127.:allow\n:deny\n"],
    ["qmail-poppasswd", ["set", "-a", c.user, String(c.uid), String(c.gid), dir], `${password}\n`],
  ];
}

/** Files written directly before the steps that read them. */
export function setupFiles(home: string, c: Caller): Record<string, string> {
  return {
    "control/defaultdelivery": "./Maildir/\n",
    "users/assign": assignFor(home, c),
    "alias/.qmail-postmaster": `&${c.user}\n`,
    "alias/.qmail-mailer-daemon": `&${c.user}\n`,
    "alias/.qmail-root": `&${c.user}\n`,
  };
}

/** A password of 16 letters and digits. */
export function newPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/** The instructions printed once everything is up. */
export function instructions(o: {
  home: string;
  user: string;
  password: string;
  smtpPort: number;
  pop3Port: number;
}): string {
  const maildir = `${mailboxHome(o.home, o.user)}/Maildir`;
  return [
    `denoqmail is running in ${o.home} (single-user, as ${o.user}).`,
    ``,
    `  Send:   swaks --server 127.0.0.1:${o.smtpPort} --to ${o.user}@localhost`,
    `          (or: printf 'Subject: hi\\n\\nhello\\n' | QMAILHOME=${o.home} deno task qmail sendmail ${o.user}@localhost)`,
    `  Lands:  ${maildir}/new/`,
    `  Read:   curl -u ${o.user}:${o.password} pop3://127.0.0.1:${o.pop3Port}/1`,
    `          POP3 on 127.0.0.1:${o.pop3Port}, user ${o.user}, password ${o.password}`,
    `  Queue:  QMAILHOME=${o.home} deno task qmail qmail-qstat`,
    ``,
    `qmail-send's log follows. Ctrl-C stops everything.`,
    ``,
  ].join("\n");
}
