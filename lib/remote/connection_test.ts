import assert from "node:assert/strict";
import { TICK_MS } from "../io/deadline.ts";
import { fakeConnector, fakeContext, fakeDns, rr } from "./_testing.ts";
import { ConnectionDied, connectSmtp } from "./connection.ts";
import { remoteDeliver } from "./deliver.ts";
import { SessionPool } from "./pool.ts";
import { formatReport } from "./report.ts";

const msg = () => new TextEncoder().encode("Subject: t\n\nhello\n");
const zone = fakeDns({
  "MX ex.test": [rr.mx("ex.test", 10, "mx1.ex.test")],
  "A mx1.ex.test": [rr.a("mx1.ex.test", "127.0.0.2")],
  "CNAME ex.test": [],
});
const one = (recipient: string) => ({
  host: "ex.test",
  sender: "",
  recipients: [recipient],
  message: msg(),
});

Deno.test("timeoutremote: a server that never greets is cut off and the delivery deferred", async () => {
  const { connector, log } = fakeConnector({ "127.0.0.2": { silent: (c) => c === "" } });
  const t0 = performance.now();
  const report = await remoteDeliver(
    one("a@ex.test"),
    fakeContext({ dns: zone, connector, timeoutRemote: 0.05 }),
  );
  assert(performance.now() - t0 >= 45);
  assert.equal(formatReport(report), "ZConnected to 127.0.0.2 but connection died. (#4.4.2)\n\0");
  assert.equal(log.closed, 1, "the connection was closed");
});

Deno.test("timeoutremote: silence after the message is a possible duplicate, and closes the connection", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": { ehlo: ["fake", "PIPELINING"], silent: (c) => c === "." },
  });
  const report = await remoteDeliver(
    one("a@ex.test"),
    fakeContext({ dns: zone, connector, timeoutRemote: 0.05 }),
  );
  assert.equal(
    formatReport(report),
    "r\0ZConnected to 127.0.0.2 but connection died. Possible duplicate! (#4.4.2)\n\0",
  );
  assert.equal(log.closed, 1);
});

Deno.test("timeoutremote: the deadline counts from each operation's start, not from the connection's timer", async () => {
  // The connection's timer is set by the first transaction's operations; the
  // second transaction starts later, and its stall must get a whole timeout.
  let messages = 0;
  const { connector, log } = fakeConnector({
    "127.0.0.2": { ehlo: ["fake", "PIPELINING"], silent: (c) => c === "." && ++messages === 2 },
  });
  const pool = new SessionPool({ idleMs: 5000 });
  const ctx = fakeContext({ dns: zone, connector, pool, timeoutRemote: 0.2 });
  assert.equal((await remoteDeliver(one("a@ex.test"), ctx)).message.code, "K");
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  const report = await remoteDeliver(one("b@ex.test"), ctx);
  const waited = performance.now() - t0;
  assert(waited >= 190, `cut off after ${waited} ms, before its deadline`);
  assert(waited < 1000, `cut off after ${waited} ms`);
  assert.equal(report.message.code, "Z");
  assert.match(report.message.text, /Possible duplicate!/);
  assert.equal(log.connections.length, 1);
  assert.equal(log.closed, 1);
  await pool.close();
});

Deno.test("timeoutremote: a stalled read fails at most a tick after its deadline", async () => {
  const { connector } = fakeConnector({ "127.0.0.2": { silent: (c) => c === "" } });
  const conn = await connectSmtp(connector, "127.0.0.2", 25, 1000, 300);
  const t0 = performance.now();
  await assert.rejects(conn.readReply(), ConnectionDied);
  const waited = performance.now() - t0;
  assert(waited >= 295, `cut off after ${waited} ms, before its deadline`);
  // A tick late at most, and a little time for a machine under load.
  assert(waited < 300 + TICK_MS + 100, `cut off after ${waited} ms`);
  assert(conn.closed);
});

Deno.test("a closed connection keeps nothing alive: the process exits with a read still stalled", async () => {
  // A child process over real sockets; with timeoutremote at 1200 s, a timer
  // or ticker left behind by close() would keep it running.
  const connection = new URL("./connection.ts", import.meta.url).href;
  const script = `
    import { connectSmtp, tcpConnector } from ${JSON.stringify(connection)};
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const accepted = listener.accept();
    const conn = await connectSmtp(tcpConnector, "127.0.0.1", listener.addr.port, 60000, 1200000);
    const server = await accepted;
    listener.close();
    await server.write(new TextEncoder().encode("220 hi\\r\\n"));
    console.log((await conn.readReply()).code);
    await conn.write("NOOP\\r\\n");
    const stalled = conn.readReply().catch((e) => e.name);
    conn.close();
    console.log(await stalled);
    server.close();
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const out = await child.output();
  clearTimeout(guard);
  assert.equal(new TextDecoder().decode(out.stdout), "220\nConnectionDied\n");
  assert(out.success, "the child exited by itself");
});
