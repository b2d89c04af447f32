import assert from "node:assert/strict";
import { fakeConnector, fakeContext, fakeDns, rr } from "./_testing.ts";
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
