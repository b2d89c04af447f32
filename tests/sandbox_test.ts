import assert from "node:assert/strict";
import { sandboxPermissions } from "../lib/sandbox/dispatch.ts";
import { programs } from "../cmd/registry.ts";
import { dnsGrants } from "../lib/net/grants.ts";
import type { GrantContext } from "../lib/sandbox/grants.ts";
import { makeTree } from "./helpers.ts";

function context(home: string, env: Record<string, string> = {}): GrantContext {
  return { home, args: [], cwd: "/tmp", env: (n) => env[n] };
}

/** Runs the probe worker under a program's sandbox; returns what was refused. */
async function probe(program: string, ctx: GrantContext): Promise<Set<string>> {
  const w = new Worker(new URL("./sandbox_probe.ts", import.meta.url), {
    type: "module",
    // @ts-ignore: Deno's worker options
    deno: { permissions: sandboxPermissions(program, ctx) },
  });
  const result = await new Promise<{ denied: string[] }>((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ home: ctx.home });
  });
  w.terminate();
  return new Set(result.denied);
}

/** What each program must never be able to do, whatever else it may. */
const MUST_DENY: Record<string, string[]> = {
  "qmail-qstat": ["read /etc/passwd", "write /tmp", "listen on 127.0.0.1", "run /bin/true"],
  "qmail-qread": ["read /etc/passwd", "write /tmp", "listen on 127.0.0.1", "run /bin/true"],
  "qmail-queue": [
    "read /etc/hostname",
    "write /tmp",
    "listen on 127.0.0.1",
    "connect to 127.0.0.1:9",
    "run /bin/true",
    "read env PATH",
  ],
  "qmail-inject": [
    "listen on 127.0.0.1",
    "connect to 127.0.0.1:9",
    "run /bin/true",
    "write /tmp",
    "read /etc/hostname",
  ],
  "sendmail": ["listen on 127.0.0.1", "connect to 127.0.0.1:9", "run /bin/true", "write /tmp"],
  "qmail-smtpd": ["listen on 127.0.0.1", "connect to 127.0.0.1:9", "run /bin/true", "write /tmp"],
  "qmail-qmtpd": ["listen on 127.0.0.1", "connect to 127.0.0.1:9", "run /bin/true", "write /tmp"],
  "qmail-qmqpd": ["listen on 127.0.0.1", "connect to 127.0.0.1:9", "run /bin/true", "write /tmp"],
  "qmail-qmqpc": ["listen on 127.0.0.1", "connect to 127.0.0.1:9", "run /bin/true", "write /tmp"],
  "qmail-showctl": ["write /tmp", "listen on 127.0.0.1", "run /bin/true", "read all env"],
  "qmail-pickup": ["listen on 127.0.0.1", "run /bin/true", "write /tmp", "read /etc/hostname"],
  "config-fast": ["read /etc/passwd", "listen on 127.0.0.1", "run /bin/true", "write /tmp"],
  "qmail-newmrh": ["read /etc/passwd", "listen on 127.0.0.1", "run /bin/true", "write /tmp"],
};

for (const [program, denied] of Object.entries(MUST_DENY)) {
  Deno.test(`${program} runs in a sandbox that refuses: ${denied.join(", ")}`, async () => {
    using t = await makeTree("test.example");
    const got = await probe(program, context(t.home));
    for (const d of denied) assert.ok(got.has(d), `${program} was allowed to ${d}`);
    if (program !== "config-fast" && program !== "qmail-newmrh") {
      assert.ok(!got.has(`read ${t.home}/queue`), `${program} can read its queue`);
    }
  });
}

/**
 * The programs allowed a whole category, and why. Any other program that
 * gains network access, unscoped file access or the right to run anything
 * fails this test.
 */
const WIDE: Record<string, { net?: unknown; read?: true; write?: true; run?: true }> = {
  // PTR lookups for TCPLOCALHOST/TCPREMOTEHOST: the resolver's servers, nothing else.
  "tcp-env": { net: dnsGrants(context("/var/qmail")).net },
  // Outbound SMTP and DNS to any host: Deno cannot grant "port 25 anywhere".
  "qmail-remote": { net: true },
  "qmail-rspawn": { net: true },
  // The supervisor of `deno task start`: probes and waits for its loopback listeners.
  "start": { net: ["127.0.0.1"], run: true },
  // Local delivery acts with the recipient's own rights (the uid is the boundary):
  // any mailbox or program a .qmail file names.
  "qmail-local": { read: true, write: true },
  "qmail-lspawn": { read: true, write: true, run: true },
  "qmail-start": { read: true, write: true, run: true },
  // qmail-getpw and qmail-pw2u inspect home directories anywhere.
  "qmail-getpw": { read: true },
  "qmail-pw2u": { read: true },
  // Programs run from .qmail files that run the command they are given.
  "bouncesaying": { run: true },
  "condredirect": { run: true },
  "dot-forward": { run: true },
  "except": { run: true },
  "predate": { run: true },
  "preline": { run: true },
};

Deno.test("only the programs that must have them get network, unscoped file or run-anything access", () => {
  for (const program of Object.keys(programs)) {
    const p = sandboxPermissions(program, context("/var/qmail")) as Record<string, unknown>;
    const wide = WIDE[program] ?? {};
    assert.deepEqual(p.net, wide.net ?? false, `${program} net`);
    assert.equal(p.read === true, wide.read === true, `${program} read`);
    assert.equal(p.write === true, wide.write === true, `${program} write`);
    assert.equal(p.run === true, wide.run === true, `${program} run`);
    assert.equal(p.ffi, false, `${program} ffi`);
    assert.equal(p.import, false, `${program} import`);
  }
});

Deno.test("qmail-inject may run only the QMAILQUEUE program, and only when it is set", () => {
  const without = sandboxPermissions("qmail-inject", context("/var/qmail"));
  assert.equal(without.run, false);
  const withQq = sandboxPermissions(
    "qmail-inject",
    context("/var/qmail", { QMAILQUEUE: "/usr/local/bin/filter" }),
  );
  assert.deepEqual(withQq.run, ["/usr/local/bin/filter", "/bin/sh"]);
});

Deno.test("the queue writer's permissions are exactly its declaration", () => {
  assert.deepEqual(sandboxPermissions("qmail-queue", context("/var/qmail")), {
    read: ["/var/qmail", "/etc/passwd", "/etc/group"],
    write: ["/var/qmail/queue", "/var/qmail/maildrop"],
    net: false,
    run: false,
    env: ["QMAILHOME", "TZ"],
    sys: ["uid", "gid"],
    ffi: false,
    import: false,
  });
});
