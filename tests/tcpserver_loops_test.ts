/**
 * tcpserver's event loops (lib/net/loops.ts): with $TCPSERVER_LOOPS=3 the
 * process listens on three SO_REUSEPORT sockets, each loop (a Worker thread)
 * takes its share of the connections, and between them they keep -c, the
 * connection numbers of the log, and the queue's pid/ names apart.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ensureProgram, makeTree } from "./helpers.ts";
import {
  queuedMessages,
  run,
  smtpSource,
  smtpSourceLoad,
  startTcpServer,
} from "./tcpserver_fixture.ts";

/** How many sockets listen on `port` (IPv4), from /proc/net/tcp. */
function listeners(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return Deno.readTextFileSync("/proc/net/tcp").split("\n")
    .filter((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${hex}`) && l.includes(" 0A ")).length;
}

/** CPU ticks so far of each Worker thread of a process, by thread name (worker-N). */
function workerTicks(pid: number): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
    const stat = Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/stat`);
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    if (!name.startsWith("worker-")) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks.set(name, (ticks.get(name) ?? 0) + Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

Deno.test("tcpserver with $TCPSERVER_LOOPS=3 serves smtp-source from three loops on one port, queueing each message once", async () => {
  const source = await smtpSource();
  if (!source) return console.log("skipped: smtp-source (postfix) cannot be installed");
  using tree = await makeTree("test.example");
  await using server = await startTcpServer(
    ["-v", "-HR", "-l", "mx.test.example", "127.0.0.1", "0", "qmail-smtpd"],
    { home: tree.home, env: { TCPSERVER_LOOPS: "3" } },
  );
  assert.equal(listeners(server.port), 3);
  const before = workerTicks(server.pid);
  const r = await smtpSourceLoad(source, `127.0.0.1:${server.port}`, 600, 20);
  assert.equal(r.code, 0, r.stdout + r.stderr + server.log());
  const after = workerTicks(server.pid);
  const busy = [...after].filter(([name, t]) => t > (before.get(name) ?? 0)).map(([n]) => n);
  assert.ok(busy.length >= 3, `threads that served: ${busy.join(" ")}`);

  assert.equal(queuedMessages(tree.home).length, 600);
  assert.deepEqual(Deno.readDirSync(`${tree.home}/queue/pid`).toArray(), []);
  const { code, log } = await server.stop();
  assert.equal(code, 0, log);
  const ids = [...log.matchAll(/^tcpserver: pid (\d+) from /gm)].map((m) => Number(m[1]));
  assert.equal(ids.length, 600);
  assert.equal(new Set(ids).size, 600, "connection numbers repeat");
  assert.doesNotMatch(log, /^(tcpserver: status: 0\/40\n){2}/, "one status line at the start");
});

/** Connects and resolves with the first bytes the server sends (its greeting), or "" once closed. */
function greeting(conn: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(512);
  return conn.read(buf).then((n) => new TextDecoder().decode(buf.subarray(0, n ?? 0)));
}

/** Whether `p` settles before `ms` pass. */
function within<T>(p: Promise<T>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((r) => timer = setTimeout(() => r(false), ms));
  return Promise.race([p.then(() => true), late]).finally(() => clearTimeout(timer));
}

Deno.test("tcpserver -c 2 with three loops serves two clients at a time between them", async () => {
  using tree = await makeTree("test.example");
  await using server = await startTcpServer(
    ["-v", "-c", "2", "-HR", "-l", "mx.test.example", "127.0.0.1", "0", "qmail-smtpd"],
    { home: tree.home, env: { TCPSERVER_LOOPS: "3" } },
  );
  const conns: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 8; i++) {
      conns.push(await Deno.connect({ hostname: "127.0.0.1", port: server.port }));
    }
    const greetings = conns.map((c) => greeting(c));
    const served = (await Promise.all(greetings.map((g) => within(g, 1500))))
      .map((ok, i) => ok ? i : -1).filter((i) => i >= 0);
    assert.equal(served.length, 2, `greeted at once: ${served}\n${server.log()}`);
    conns[served[0]].close();
    const next = (await Promise.all(greetings.map((g) => within(g, 1500))))
      .filter((ok) => ok).length;
    assert.equal(next, 3, server.log());
    assert.match(await greetings[served[1]], /^220 /);
  } finally {
    for (const c of conns) {
      try {
        c.close();
      } catch { /* closed above */ }
    }
  }
  const { log } = await server.stop();
  const counts = [...log.matchAll(/^tcpserver: status: (\d+)\/2$/gm)].map((m) => Number(m[1]));
  assert.ok(counts.length > 0 && counts.every((n) => n <= 2), log);
});

Deno.test("a second tcpserver with loops on a port the first holds fails to bind instead of sharing it", async () => {
  using tree = await makeTree("test.example");
  await using first = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "127.0.0.1", "0", "qmail-smtpd"],
    { home: tree.home, env: { TCPSERVER_LOOPS: "2" } },
  );
  await assert.rejects(
    startTcpServer(
      ["-HR", "-l", "mx.test.example", "127.0.0.1", String(first.port), "qmail-smtpd"],
      { home: tree.home, env: { TCPSERVER_LOOPS: "2" } },
    ),
    /tcpserver: fatal: unable to bind: /,
  );
  assert.equal(listeners(first.port), 2);
});

Deno.test("tcpserver -b 7 gives each loop's listener a queue of 7, as ss shows", async () => {
  const ssPath = await ensureProgram("ss", "iproute2");
  if (!ssPath) return console.log("skipped: ss (iproute2) cannot be installed");
  using tree = await makeTree("test.example");
  await using server = await startTcpServer(
    ["-b", "7", "-HR", "-l", "mx.test.example", "127.0.0.1", "0", "qmail-smtpd"],
    { home: tree.home, env: { TCPSERVER_LOOPS: "2" } },
  );
  const r = await run(ssPath, ["-ltnH", `sport = :${server.port}`]);
  const queues = r.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/)[2]);
  assert.deepEqual(queues, ["7", "7"], r.stdout);
});
