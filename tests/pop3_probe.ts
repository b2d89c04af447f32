/**
 * A worker that tries, under qmail-pop3d's sandbox, to touch things beside
 * its Maildir and reports which attempts were refused (pop3_sandbox_test.ts).
 *
 * @module
 */

const scope = self as unknown as {
  onmessage:
    | ((e: MessageEvent<{ maildir: string; home: string; qmailhome: string }>) => void)
    | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (e) => {
  const { maildir, home, qmailhome } = e.data;
  const attempts: Record<string, () => unknown> = {
    "read Maildir": () => Deno.readDirSync(`${maildir}/new`),
    "write Maildir": () => Deno.writeTextFileSync(`${maildir}/tmp/probe`, "x"),
    "read home": () => Deno.readTextFileSync(`${home}/.profile`),
    "write home": () => Deno.writeTextFileSync(`${home}/probe`, "x"),
    "read poppasswd": () => Deno.readTextFileSync(`${qmailhome}/control/poppasswd`),
    "read /etc/passwd": () => Deno.readTextFileSync("/etc/passwd"),
    "write /tmp": () => Deno.writeTextFileSync(`/tmp/qmt-probe-${crypto.randomUUID()}`, "x"),
    "run /bin/true": () => new Deno.Command("/bin/true").outputSync(),
    "listen": () => Deno.listen({ hostname: "127.0.0.1", port: 0 }).close(),
    "read env PATH": () => Deno.env.get("PATH"),
  };
  const denied: string[] = [];
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      attempt();
    } catch (err) {
      if (err instanceof Deno.errors.NotCapable) denied.push(name);
    }
  }
  scope.postMessage({ denied });
};
