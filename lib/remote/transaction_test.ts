import assert from "node:assert/strict";
import { fakeConnector, fakeContext, fakeDns, rr } from "./_testing.ts";
import { remoteDeliver } from "./deliver.ts";
import { SessionPool } from "./pool.ts";
import { formatReport } from "./report.ts";

const msg = (s = "Subject: t\n\nhello\n") => new TextEncoder().encode(s);
const zone = fakeDns({
  "MX ex.test": [rr.mx("ex.test", 10, "mx1.ex.test")],
  "A mx1.ex.test": [rr.a("mx1.ex.test", "127.0.0.2")],
  "CNAME ex.test": [],
});
const PIPELINING = ["fake", "PIPELINING"];
/** A server that refuses DATA when no recipient was accepted, as RFC 2920 asks. */
const dataUnlessNone = (accepted: number) => accepted > 0 ? "354 go" : "554 no valid recipients";

/** The writes of one transaction: everything after EHLO, up to QUIT. */
function transactionWrites(writes: string[]): string[] {
  return writes.slice(1).filter((w) => w !== "QUIT\r\n");
}

Deno.test("pipelining: MAIL, every RCPT and DATA go in one write, then the message", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": { ehlo: PIPELINING, data: dataUnlessNone },
  });
  const report = await remoteDeliver(
    {
      host: "ex.test",
      sender: "s@me.example",
      recipients: ["a@ex.test", "b@ex.test"],
      message: msg(),
    },
    fakeContext({ dns: zone, connector }),
  );
  assert.equal(
    formatReport(report),
    "r\0r\0K127.0.0.2 accepted message.\nRemote host said: 250 ok\n\0",
  );
  assert.deepEqual(transactionWrites(log.writes), [
    "MAIL FROM:<s@me.example>\r\nRCPT TO:<a@ex.test>\r\nRCPT TO:<b@ex.test>\r\nDATA\r\n",
    "Subject: t\r\n\r\nhello\r\n.\r\n",
  ]);
});

Deno.test("pipelining: one refused recipient gets its own report, the others the message", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": {
      ehlo: PIPELINING,
      data: dataUnlessNone,
      rcpt: (a) => a.startsWith("bad") ? "550 5.1.1 no such user" : "250 ok",
    },
  });
  const report = await remoteDeliver(
    {
      host: "ex.test",
      sender: "",
      recipients: ["a@ex.test", "bad@ex.test", "c@ex.test"],
      message: msg(),
    },
    fakeContext({ dns: zone, connector }),
  );
  assert.equal(
    formatReport(report),
    "r\0h127.0.0.2 does not like recipient.\nRemote host said: 550 5.1.1 no such user\n\0r\0" +
      "K127.0.0.2 accepted message.\nRemote host said: 250 ok\n\0",
  );
  assert.equal(log.messages.length, 1);
});

Deno.test("pipelining: every recipient refused and DATA refused gives up, RSETs and keeps the session", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": { ehlo: PIPELINING, data: dataUnlessNone, rcpt: () => "550 no" },
  });
  const pool = new SessionPool({ idleMs: 1000 });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["x@ex.test", "y@ex.test"], message: msg() },
    fakeContext({ dns: zone, connector, pool }),
  );
  assert.equal(
    formatReport(report),
    "h127.0.0.2 does not like recipient.\nRemote host said: 550 no\n\0" +
      "h127.0.0.2 does not like recipient.\nRemote host said: 550 no\n\0" +
      "DGiving up on 127.0.0.2.\n\0",
  );
  assert.deepEqual(log.messages, []);
  assert.equal(log.commands.at(-1), "RSET");
  assert.equal(pool.size, 1);
  await pool.close();
});

Deno.test("pipelining: DATA accepted although every recipient was refused gets a lone dot, then RSET", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": {
      ehlo: PIPELINING,
      rcpt: () => "450 later",
      afterData: () => "554 no valid recipients",
    },
  });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["x@ex.test"], message: msg() },
    fakeContext({ dns: zone, connector }),
  );
  assert.equal(
    formatReport(report),
    "s127.0.0.2 does not like recipient.\nRemote host said: 450 later\n\0" +
      "DGiving up on 127.0.0.2.\n\0",
  );
  assert.deepEqual(log.messages, [""], "an empty message ended by the dot");
  assert.deepEqual(log.commands.slice(-2), ["RSET", "QUIT"]);
});

Deno.test("pipelining: a refused sender is reported as before, every reply of the group read", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": {
      ehlo: PIPELINING,
      mail: () => "553 sender refused",
      rcpt: () => "503 MAIL first",
      data: "503 MAIL first",
    },
  });
  const pool = new SessionPool({ idleMs: 1000 });
  const ctx = fakeContext({ dns: zone, connector, pool });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "bad@me.example", recipients: ["x@ex.test"], message: msg() },
    ctx,
  );
  assert.equal(
    formatReport(report),
    "DConnected to 127.0.0.2 but sender was rejected.\nRemote host said: 553 sender refused\n\0",
  );
  assert.equal(log.commands.at(-1), "RSET");
  assert.equal(pool.size, 1, "the session is still in step");
  await pool.close();
});

Deno.test("without PIPELINING each command waits for its reply", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": {
      ehlo: ["fake", "8BITMIME"],
      rcpt: (a) => a.startsWith("bad") ? "550 no" : "250 ok",
    },
  });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["bad@ex.test", "a@ex.test"], message: msg() },
    fakeContext({ dns: zone, connector }),
  );
  assert.equal(
    formatReport(report),
    "h127.0.0.2 does not like recipient.\nRemote host said: 550 no\n\0r\0" +
      "K127.0.0.2 accepted message.\nRemote host said: 250 ok\n\0",
  );
  assert.deepEqual(transactionWrites(log.writes), [
    "MAIL FROM:<>\r\n",
    "RCPT TO:<bad@ex.test>\r\n",
    "RCPT TO:<a@ex.test>\r\n",
    "DATA\r\n",
    "Subject: t\r\n\r\nhello\r\n.\r\n",
  ]);
});
