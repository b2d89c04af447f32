/**
 * A worker that tries what a program must not do and reports which attempts
 * the sandbox refused (used by sandbox_test.ts with a program's permissions).
 *
 * @module
 */

type Attempt = () => Promise<unknown> | unknown;

const attempts: Record<string, Attempt> = {
  "read /etc/passwd": () => Deno.readTextFileSync("/etc/passwd"),
  "read /etc/hostname": () => Deno.readTextFileSync("/etc/hostname"),
  "write /tmp": () => Deno.writeTextFileSync(`/tmp/qmt-probe-${crypto.randomUUID()}`, "x"),
  "listen on 127.0.0.1": () => Deno.listen({ hostname: "127.0.0.1", port: 0 }).close(),
  "connect to 127.0.0.1:9": () => Deno.connect({ hostname: "127.0.0.1", port: 9 }),
  "run /bin/true": () => new Deno.Command("/bin/true").outputSync(),
  "read env PATH": () => Deno.env.get("PATH"),
  "read all env": () => Deno.env.toObject(),
  "hostname": () => Deno.hostname(),
};

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<{ home: string }>) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = async (e) => {
  const denied: string[] = [];
  const allowed: string[] = [];
  const all = {
    ...attempts,
    [`read ${e.data.home}/queue`]: () => Deno.readDirSync(`${e.data.home}/queue`),
  };
  for (const [name, attempt] of Object.entries(all)) {
    try {
      await attempt();
      allowed.push(name);
    } catch (err) {
      (err instanceof Deno.errors.NotCapable ? denied : allowed).push(name);
    }
  }
  scope.postMessage({ denied, allowed });
};
