import assert from "node:assert/strict";
import { parseRules } from "../tcprules/parse.ts";
import { writeRulesCdb } from "../tcprules/compile.ts";
import type { ServerEnv } from "./inprocess.ts";
import { TcpServer, type TcpServerConfig } from "./server.ts";
import type { Spawned } from "./spawn.ts";

/** A fake program: records each start, greets, and ends when released (or the client leaves). */
function fakeProgram() {
  const started: { env: ServerEnv; release: () => void }[] = [];
  let pid = 1000;
  const spawn = (conn: Deno.Conn, _argv: string[], env: ServerEnv): Spawned => {
    let release!: () => void;
    const released = new Promise<void>((r) => release = r);
    started.push({ env, release });
    const status = (async () => {
      await conn.write(new TextEncoder().encode(`hello ${env.TCPREMOTEIP}\n`));
      // Like a real program: done when released or when the connection goes away.
      const gone = conn.read(new Uint8Array(1)).catch(() => null);
      await Promise.race([released, gone]);
      conn.close();
      return 0;
    })();
    return { pid: ++pid, status };
  };
  return { spawn, started };
}

function start(extra: Partial<TcpServerConfig> = {}) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const program = fakeProgram();
  const lines: string[] = [];
  const server = new TcpServer(listener, {
    argv: ["/usr/local/bin/not-in-process"],
    limit: 40,
    verbosity: 2,
    home: "/nonexistent",
    baseEnv: { FROM_TCPSERVER: "yes" },
    localName: "mx.example",
    remoteHost: false,
    log: (l) => lines.push(l),
    spawn: program.spawn,
    ...extra,
  });
  const serving = server.serve();
  return { server, serving, port, program, lines };
}

async function readLine(conn: Deno.Conn): Promise<string | null> {
  const buf = new Uint8Array(256);
  let text = "";
  while (!text.includes("\n")) {
    const n = await conn.read(buf);
    if (n === null) return text === "" ? null : text;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  return text.trimEnd();
}

/** Waits (bounded) until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

Deno.test("tcpserver gives the program tcp-environ(5) and its own environment, and logs like -v", async () => {
  const s = start();
  const c = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  assert.equal(await readLine(c), "hello 127.0.0.1");
  const env = s.program.started[0].env;
  const local = c.remoteAddr as Deno.NetAddr;
  assert.equal(env.PROTO, "TCP");
  assert.equal(env.TCPLOCALIP, "127.0.0.1");
  assert.equal(env.TCPLOCALPORT, String(local.port));
  assert.equal(env.TCPLOCALHOST, "mx.example");
  assert.equal(env.TCPREMOTEPORT, String((c.localAddr as Deno.NetAddr).port));
  assert.equal(env.TCPREMOTEHOST, undefined);
  assert.equal(env.FROM_TCPSERVER, "yes");
  s.program.started[0].release();
  assert.equal(await readLine(c), null);
  c.close();
  await until(() => s.server.active === 0, "the connection to end");
  await s.server.stop(1000);
  await s.serving;
  const port = (c.localAddr as Deno.NetAddr).port;
  assert.deepEqual(s.lines, [
    "tcpserver: status: 0/40",
    "tcpserver: status: 1/40",
    "tcpserver: pid 1001 from 127.0.0.1",
    `tcpserver: ok 1001 mx.example:127.0.0.1:${s.port} :127.0.0.1::${port}`,
    "tcpserver: end 1001 status 0",
    "tcpserver: status: 0/40",
  ]);
});

Deno.test("tcpserver serves at most -c connections; the next waits until one ends", async () => {
  const s = start({ limit: 2 });
  const clients = [];
  for (let i = 0; i < 3; i++) {
    clients.push(await Deno.connect({ hostname: "127.0.0.1", port: s.port }));
  }
  await until(() => s.program.started.length === 2, "two programs");
  // The third client is connected (in the backlog) but nothing runs for it.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.program.started.length, 2);
  assert.ok(s.lines.includes("tcpserver: status: 2/2"));
  s.program.started[0].release();
  await until(() => s.program.started.length === 3, "the third program");
  for (const p of s.program.started) p.release();
  for (const c of clients) c.close();
  await s.server.stop(1000);
  await s.serving;
});

/** A rules database in a temporary directory, removed by `using`. */
function rulesDb(text: string): { path: string } & Disposable {
  const dir = Deno.makeTempDirSync({ prefix: "qmt-rules-" });
  const path = `${dir}/rules.cdb`;
  writeRulesCdb(path, `${dir}/rules.tmp`, parseRules(text));
  return { path, [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }) };
}

Deno.test("tcpserver follows the rules: deny drops the connection at once", async () => {
  using rules = rulesDb("127.0.0.1:deny\n:allow\n");
  const s = start({ rules: rules.path });
  const denied = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  assert.equal(await readLine(denied), null, "a denied client hears nothing");
  denied.close();
  await s.server.stop(1000);
  await s.serving;
  assert.equal(s.program.started.length, 0);
  assert.ok(
    s.lines.some((l) => /^tcpserver: deny 1 mx.example:127.0.0.1:\d+ :127.0.0.1::\d+$/.test(l)),
  );
  assert.ok(s.lines.includes("tcpserver: end 1 status 25600"));
});

Deno.test("tcpserver follows the rules: allow adds the rule's variables", async () => {
  using rules = rulesDb('127.0.0.2:deny\n127.:allow,RELAYCLIENT="",DATABYTES="10"\n:deny\n');
  const s = start({ rules: rules.path });
  const allowed = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  assert.equal(await readLine(allowed), "hello 127.0.0.1");
  assert.equal(s.program.started[0].env.RELAYCLIENT, "");
  assert.equal(s.program.started[0].env.DATABYTES, "10");
  s.program.started[0].release();
  allowed.close();
  await s.server.stop(1000);
  await s.serving;
});

Deno.test("tcpserver drops connections when the rules database is missing, unless -X", async () => {
  const missing = "/nonexistent/rules.cdb";
  const s = start({ rules: missing });
  const c = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  assert.equal(await readLine(c), null);
  c.close();
  await s.server.stop(1000);
  await s.serving;
  assert.equal(s.program.started.length, 0);
  assert.ok(s.lines.includes(
    `tcpserver: warning: dropping connection, unable to read ${missing}: file does not exist`,
  ));
  assert.ok(s.lines.includes("tcpserver: end 1 status 28416"));

  const x = start({ rules: missing, allowMissingRules: true });
  const c2 = await Deno.connect({ hostname: "127.0.0.1", port: x.port });
  assert.equal(await readLine(c2), "hello 127.0.0.1");
  x.program.started[0].release();
  c2.close();
  await x.server.stop(1000);
  await x.serving;
});

Deno.test("stop() ends accepting and closes connections still open after the grace period", async () => {
  const s = start({ verbosity: 0 });
  const c = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  assert.equal(await readLine(c), "hello 127.0.0.1");
  await s.server.stop(50);
  await s.serving;
  await assert.rejects(Deno.connect({ hostname: "127.0.0.1", port: s.port }));
  c.close();
  assert.deepEqual(s.lines, []);
});

Deno.test("the banner (-B) is written before anything else", async () => {
  const s = start({ banner: "220 wait\r\n" });
  const c = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  assert.equal(await readLine(c), "220 wait\r\nhello 127.0.0.1");
  s.program.started[0].release();
  c.close();
  await s.server.stop(1000);
  await s.serving;
});
