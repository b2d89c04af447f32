/**
 * A whole mail system for end-to-end tests of delivery: a single-user tree
 * (`install --single-user`, `config-fast example.com`) with users defined in
 * users/assign (compiled by qmail-newu), `qmail-start ./Maildir/` running as
 * a real process, mail injected with `sendmail`, results read from real
 * Maildirs and mbox files.
 *
 * @module
 */

import { DENO_RUN, makeTree, runQmail, type TempTree } from "./helpers.ts";

/** One running mail system. */
export class MailSystem implements AsyncDisposable {
  readonly log: string[] = [];
  #child: Deno.ChildProcess | undefined;
  #reading: Promise<void> | undefined;

  private constructor(readonly tree: TempTree) {}

  /** QMAILHOME. */
  get home(): string {
    return this.tree.home;
  }

  /**
   * A tree where each of `users` has a home under the test directory (with
   * a Maildir) and owns `name` and `name-*` addresses (users/assign).
   */
  static async create(users: string[] = [], controls: Record<string, string> = {}) {
    const sys = new MailSystem(await makeTree("example.com"));
    const uid = Deno.uid() ?? 0;
    const gid = Deno.gid() ?? 0;
    let assign = "";
    for (const u of users) {
      const dir = sys.userHome(u);
      for (const d of ["cur", "new", "tmp"]) {
        Deno.mkdirSync(`${dir}/Maildir/${d}`, { recursive: true });
      }
      assign += `=${u}:${u}:${uid}:${gid}:${dir}:::\n+${u}-:${u}:${uid}:${gid}:${dir}:-::\n`;
    }
    for (const d of ["cur", "new", "tmp"]) {
      Deno.mkdirSync(`${sys.home}/alias/Maildir/${d}`, { recursive: true });
    }
    for (const [name, text] of Object.entries(controls)) {
      Deno.writeTextFileSync(`${sys.home}/control/${name}`, text);
    }
    if (assign) await sys.assign(assign + ".\n");
    return sys;
  }

  /** A user's home directory. */
  userHome(user: string): string {
    return `${this.tree.dir}/${user}`;
  }

  /** Writes users/assign and runs qmail-newu. */
  async assign(text: string): Promise<void> {
    Deno.writeTextFileSync(`${this.home}/users/assign`, text);
    const r = await runQmail("qmail-newu", [], { home: this.home });
    if (r.code !== 0) throw new Error(`qmail-newu: ${r.stderr}`);
  }

  /** Starts `qmail-start <delivery>`. */
  start(delivery = "./Maildir/"): void {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: [...DENO_RUN, "qmail-start", delivery],
      env: { QMAILHOME: this.home, PATH: `${this.home}/bin:${Deno.env.get("PATH") ?? ""}` },
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#reading = (async () => {
      const dec = new TextDecoder();
      let buf = "";
      for await (const chunk of this.#child!.stdout) {
        buf += dec.decode(chunk, { stream: true });
        const lines = buf.split("\n");
        buf = lines.pop()!;
        this.log.push(...lines);
      }
    })();
  }

  /** The pid of qmail-start. */
  get pid(): number {
    return this.#child!.pid;
  }

  /** Sends a signal to qmail-start (it reaches qmail-send). */
  kill(sig: Deno.Signal): void {
    this.#child?.kill(sig);
  }

  /** Injects `message` with `sendmail args`. */
  async sendmail(args: string[], message: string, env: Record<string, string> = {}) {
    const r = await runQmail("sendmail", args, { home: this.home, stdin: message, env });
    if (r.code !== 0) throw new Error(`sendmail exited ${r.code}: ${r.stderr}`);
  }

  /** Waits (bounded) until `re` matches a log line; returns it. */
  async waitLog(re: RegExp, ms = 20_000): Promise<string> {
    const until = Date.now() + ms;
    for (;;) {
      const hit = this.log.find((l) => re.test(l));
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no log line ${re}:\n${this.log.join("\n")}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits (bounded) until a Maildir holds `n` new messages; returns their texts. */
  async maildir(dir: string, n = 1, ms = 20_000): Promise<string[]> {
    const until = Date.now() + ms;
    for (;;) {
      let names: string[] = [];
      try {
        names = [...Deno.readDirSync(`${dir}/new`)].map((e) => e.name).sort();
      } catch {
        // not there yet
      }
      if (names.length >= n) return names.map((f) => Deno.readTextFileSync(`${dir}/new/${f}`));
      if (Date.now() > until) {
        throw new Error(`${dir}: ${names.length} of ${n} messages:\n${this.log.join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** TERM qmail-start and wait for it; returns its exit code. */
  async stop(): Promise<number> {
    if (!this.#child) return 0;
    this.#child.kill("SIGTERM");
    const st = await this.#child.status;
    await this.#reading;
    this.#child = undefined;
    return st.code;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#child) {
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // gone
      }
      await this.#child.status;
      await this.#reading;
    }
    this.tree[Symbol.dispose]();
  }
}
