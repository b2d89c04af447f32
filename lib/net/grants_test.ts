import assert from "node:assert/strict";
import type { GrantContext, Grants } from "../sandbox/grants.ts";
import { chainGrants, mergeGrants, netAddress, rblsmtpdGrants, tcpserverGrants } from "./grants.ts";

const SMTPD: Grants = {
  read: ["/var/qmail/control"],
  write: ["/var/qmail/queue", "/var/qmail/maildrop"],
  env: ["RELAYCLIENT"],
  sys: ["uid"],
};

/** The registry, reduced to what these tests need. */
function programGrants(name: string, ctx: GrantContext): Grants | undefined {
  if (name === "qmail-smtpd") return SMTPD;
  if (name === "rblsmtpd") return rblsmtpdGrants(ctx, programGrants);
  return undefined;
}

function ctx(args: string[], env: Record<string, string> = {}): GrantContext {
  return { home: "/var/qmail", args, cwd: "/srv", env: (n) => env[n] };
}

Deno.test("grants merge as unions; true wins", () => {
  assert.deepEqual(mergeGrants({ read: ["/a"], net: false }, { read: ["/a", "/b"], run: true }), {
    read: ["/a", "/b"],
    net: false,
    run: true,
  });
});

Deno.test("net addresses put IPv6 in brackets", () => {
  assert.equal(netAddress("::1", 25), "[::1]:25");
  assert.equal(netAddress("0.0.0.0", 25), "0.0.0.0:25");
});

Deno.test("tcpserver running qmail-smtpd in-process: its listen address, the rules, qmail-smtpd's grants, nothing to run", () => {
  const g = tcpserverGrants(
    ctx(["-HR", "-l", "0", "-x", "tcp.smtp.cdb", "127.0.0.1", "2525", "qmail-smtpd"]),
    programGrants,
  );
  assert.deepEqual(g.net, ["127.0.0.1:2525"]);
  assert.deepEqual(g.read, ["/srv/tcp.smtp.cdb", "/var/qmail/control"]);
  assert.deepEqual(g.write, ["/var/qmail/queue", "/var/qmail/maildrop"]);
  assert.equal(g.run, undefined);
  assert.deepEqual(g.sys, ["uid"]);
});

Deno.test("tcpserver spawning another program may run just that program", () => {
  const g = tcpserverGrants(ctx(["-HRl0", "::1", "0", "/usr/local/bin/smtpd", "x"]), programGrants);
  assert.deepEqual(g.net, ["[::1]:0"]);
  assert.deepEqual(g.run, ["/usr/local/bin/smtpd"]);
  assert.equal(g.write, undefined);
});

Deno.test("tcpserver asks the name servers only when it looks names up", () => {
  const env = { DNSCACHEIP: "127.0.0.1:5353" };
  const quiet = tcpserverGrants(
    ctx(["-H", "-l", "mx", "0", "25", "qmail-smtpd"], env),
    programGrants,
  );
  assert.deepEqual(quiet.net, ["0.0.0.0:25"]);
  const looking = tcpserverGrants(ctx(["0", "25", "qmail-smtpd"], env), programGrants);
  assert.deepEqual(looking.net, ["0.0.0.0:25", "127.0.0.1:5353", "0.0.0.0:0"]);
  assert.ok((looking.read as string[]).includes("/etc/resolv.conf"));
});

Deno.test("rblsmtpd in the chain adds DNS (for -r/-a) and its variables", () => {
  const env = { DNSCACHEIP: "127.0.0.1:5353" };
  const g = tcpserverGrants(
    ctx(["-HRl0", "127.0.0.1", "25", "rblsmtpd", "-r", "bl.example", "qmail-smtpd"], env),
    programGrants,
  );
  assert.deepEqual(g.net, ["127.0.0.1:25", "127.0.0.1:5353", "0.0.0.0:0"]);
  assert.ok((g.env as string[]).includes("RBLSMTPD"));
  assert.deepEqual(g.write, ["/var/qmail/queue", "/var/qmail/maildrop"]);
  const noSources = chainGrants(["rblsmtpd", "qmail-smtpd"], ctx([]), programGrants);
  assert.equal(noSources.net, undefined);
});

Deno.test("a bad command line gets no grants", () => {
  assert.deepEqual(tcpserverGrants(ctx(["0", "25"]), programGrants), {});
  assert.deepEqual(rblsmtpdGrants(ctx(["-z"]), programGrants), {});
});
