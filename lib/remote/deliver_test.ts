import assert from "node:assert/strict";
import { SmtpRoutes } from "../control/smtproutes.ts";
import { fakeConnector, fakeContext, fakeDns, rr } from "./_testing.ts";
import { remoteDeliver } from "./deliver.ts";
import { SessionPool } from "./pool.ts";
import { formatReport, recipientResults } from "./report.ts";
import type { TcptoStore } from "./tcpto.ts";

const enc = new TextEncoder();
const msg = (s = "Subject: t\n\nhello\n") => enc.encode(s);

const zone = fakeDns({
  "MX ex.test": [rr.mx("ex.test", 20, "mx2.ex.test"), rr.mx("ex.test", 10, "mx1.ex.test")],
  "A mx1.ex.test": [rr.a("mx1.ex.test", "127.0.0.2")],
  "A mx2.ex.test": [rr.a("mx2.ex.test", "127.0.0.3")],
  "CNAME ex.test": [],
  "CNAME alias.test": [rr.cname("alias.test", "ex.test")],
  "MX alias.test": [rr.mx("ex.test", 10, "mx1.ex.test")],
  "MX self.test": [rr.mx("self.test", 5, "me.test")],
  "A me.test": [rr.a("me.test", "127.0.0.1")],
  "CNAME self.test": [],
  "MX flaky.test": "servfail",
  "CNAME flaky.test": [],
});

Deno.test("remoteDeliver sends to the best MX and reports every recipient", async () => {
  const { connector, log } = fakeConnector({ "127.0.0.2": { ehlo: ["fake", "PIPELINING"] } });
  const report = await remoteDeliver(
    {
      host: "ex.test",
      sender: "a@me.example",
      recipients: ["x@ex.test", "y@ex.test"],
      message: msg(".dot\n"),
    },
    fakeContext({ dns: zone, connector }),
  );
  assert.deepEqual(
    formatReport(report),
    "r\0r\0K127.0.0.2 accepted message.\nRemote host said: 250 ok\n\0",
  );
  assert.deepEqual(log.connections, ["127.0.0.2"]);
  assert.deepEqual(log.messages, ["..dot\r\n"]);
  assert(log.commands.includes("RCPT TO:<y@ex.test>"));
});

Deno.test("remoteDeliver falls back to the next MX when the first refuses connections", async () => {
  const { connector, log } = fakeConnector({ "127.0.0.2": "refuse", "127.0.0.3": {} });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["x@ex.test"], message: msg() },
    fakeContext({ dns: zone, connector }),
  );
  assert.deepEqual(report.message.code, "K");
  assert.deepEqual(log.connections, ["127.0.0.3"]);
  assert(log.commands.includes("MAIL FROM:<>"), "null sender");
  assert(log.commands.includes("HELO me.example"), "HELO after EHLO is refused");
});

Deno.test("remoteDeliver records a connect timeout and skips hosts the table marks down", async () => {
  const recorded: [string, boolean][] = [];
  const tcpto: TcptoStore = {
    isDown: (a) => Promise.resolve(a === "127.0.0.3"),
    record: (a, t) => Promise.resolve(void recorded.push([a, t])),
  };
  const { connector } = fakeConnector({ "127.0.0.2": "timeout", "127.0.0.3": {} });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["x@ex.test"], message: msg() },
    fakeContext({ dns: zone, connector, tcpto, timeoutConnect: 0.05 }),
  );
  assert.deepEqual(
    formatReport(report),
    "ZSorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n\0",
  );
  assert.deepEqual(recorded, [["127.0.0.2", true]]);
});

Deno.test("remoteDeliver reports per-recipient 4xx and 5xx replies with the server's text", async () => {
  const { connector } = fakeConnector({
    "127.0.0.2": {
      rcpt: (a) =>
        a.startsWith("bad")
          ? "550 5.1.1 no such user"
          : a.startsWith("later")
          ? "451 try later"
          : "250 ok",
    },
  });
  const report = await remoteDeliver(
    {
      host: "ex.test",
      sender: "s@me.example",
      recipients: ["bad@ex.test", "later@ex.test", "ok@ex.test"],
      message: msg(),
    },
    fakeContext({ dns: zone, connector }),
  );
  assert.deepEqual(report.recipients[0], {
    code: "h",
    text: "127.0.0.2 does not like recipient.\nRemote host said: 550 5.1.1 no such user\n",
  });
  assert.deepEqual(report.recipients[1].code, "s");
  const results = recipientResults(report, 3);
  assert.deepEqual(results.map((r) => r.status), ["failure", "deferral", "success"]);
  assert.deepEqual(
    results[0].text,
    "127.0.0.2_does_not_like_recipient./Remote_host_said:_550_5.1.1_no_such_user/",
  );
});

Deno.test("remoteDeliver gives up when every recipient is refused", async () => {
  const { connector } = fakeConnector({ "127.0.0.2": { rcpt: () => "550 no" } });
  const report = await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["x@ex.test"], message: msg() },
    fakeContext({ dns: zone, connector }),
  );
  assert.deepEqual(report.message, { code: "D", text: "Giving up on 127.0.0.2.\n" });
  const [r] = recipientResults(report, 1);
  assert.deepEqual(
    r.report,
    "127.0.0.2 does not like recipient.\nRemote host said: 550 no\nGiving up on 127.0.0.2.\n",
  );
});

Deno.test("remoteDeliver: NXDOMAIN is permanent, SERVFAIL is temporary", async () => {
  const ctx = fakeContext({ dns: zone });
  const nx = await remoteDeliver({
    host: "nope.test",
    sender: "",
    recipients: ["x@nope.test"],
    message: msg(),
  }, ctx);
  assert.deepEqual(
    formatReport(nx),
    "DSorry, I couldn't find any host named nope.test. (#5.1.2)\n\0",
  );
  const sf = await remoteDeliver({
    host: "flaky.test",
    sender: "",
    recipients: ["x@flaky.test"],
    message: msg(),
  }, ctx);
  assert.deepEqual(sf.message, {
    code: "Z",
    text: "Sorry, I couldn't find any host by that name. (#4.1.2)\n",
  });
});

Deno.test("remoteDeliver: a CNAME'd domain goes to its canonical name in RCPT", async () => {
  const { connector, log } = fakeConnector({ "127.0.0.2": {} });
  await remoteDeliver(
    { host: "alias.test", sender: "", recipients: ["x@alias.test"], message: msg() },
    fakeContext({ dns: zone, connector }),
  );
  assert(log.commands.includes("RCPT TO:<x@ex.test>"));
});

Deno.test("remoteDeliver: a temporary CNAME failure defers", async () => {
  const dns = fakeDns({ "CNAME x.test": "servfail" });
  const r = await remoteDeliver({
    host: "x.test",
    sender: "",
    recipients: ["a@x.test"],
    message: msg(),
  }, fakeContext({ dns }));
  assert.deepEqual(r.message, { code: "Z", text: "CNAME lookup failed temporarily. (#4.4.3)\n" });
});

Deno.test("remoteDeliver refuses to send to itself as best MX (#5.4.6)", async () => {
  const r = await remoteDeliver({
    host: "self.test",
    sender: "",
    recipients: ["a@self.test"],
    message: msg(),
  }, fakeContext({ dns: zone }));
  assert.deepEqual(r.message.code, "D");
  assert.match(
    r.message.text,
    /isn't in my control\/locals file, so I don't treat it as local\. \(#5\.4\.6\)\n$/,
  );
});

Deno.test("remoteDeliver follows smtproutes without MX or CNAME lookups", async () => {
  const dns = fakeDns({ "A relay.test": [rr.a("relay.test", "127.0.0.9")] });
  const { connector, log } = fakeConnector({ "127.0.0.9": {} });
  const routes = SmtpRoutes.parse([":relay.test"]);
  const r = await remoteDeliver(
    { host: "anywhere.example", sender: "", recipients: ["a@anywhere.example"], message: msg() },
    fakeContext({ dns, connector, routes }),
  );
  assert.deepEqual(r.message.code, "K");
  assert.deepEqual(dns.queries, ["A relay.test"]);
  assert.deepEqual(log.connections, ["127.0.0.9"]);
});

Deno.test("remoteDeliver rejects a partial final line (#5.6.2)", async () => {
  const r = await remoteDeliver({
    host: "ex.test",
    sender: "",
    recipients: ["a@ex.test"],
    message: msg("no newline"),
  }, fakeContext({ dns: zone }));
  assert.deepEqual(r.message, {
    code: "D",
    text: "SMTP cannot transfer messages with partial final lines. (#5.6.2)\n",
  });
});

Deno.test("remoteDeliver offers SIZE and BODY=8BITMIME when the server does", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": { ehlo: ["fake", "SIZE 1000", "8BITMIME"] },
  });
  const body = new Uint8Array([...msg("Subject: x\n\n"), 0xe9, 0x0a]);
  await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["a@ex.test"], message: body },
    fakeContext({ dns: zone, connector }),
  );
  assert(log.commands.includes(`MAIL FROM:<> SIZE=${body.length} BODY=8BITMIME`));
});

Deno.test("remoteDeliver reuses a kept session for the next message to the same MX", async () => {
  const { connector, log } = fakeConnector({ "127.0.0.2": { ehlo: ["fake", "PIPELINING"] } });
  const pool = new SessionPool({ idleMs: 1000 });
  const ctx = fakeContext({ dns: zone, connector, pool });
  for (let i = 0; i < 5; i++) {
    const r = await remoteDeliver({
      host: "ex.test",
      sender: "",
      recipients: [`u${i}@ex.test`],
      message: msg(),
    }, ctx);
    assert.deepEqual(r.message.code, "K");
  }
  assert.deepEqual(log.connections.length, 1);
  assert.deepEqual(log.messages.length, 5);
  await pool.close();
  assert.deepEqual(log.commands.at(-1), "QUIT");
});

Deno.test("remoteDeliver: a failed transaction is reset before the session is reused", async () => {
  const { connector, log } = fakeConnector({
    "127.0.0.2": { rcpt: (a) => a.startsWith("bad") ? "550 no" : "250 ok" },
  });
  const pool = new SessionPool({ idleMs: 1000 });
  const ctx = fakeContext({ dns: zone, connector, pool });
  await remoteDeliver(
    { host: "ex.test", sender: "", recipients: ["bad@ex.test"], message: msg() },
    ctx,
  );
  const r = await remoteDeliver({
    host: "ex.test",
    sender: "",
    recipients: ["ok@ex.test"],
    message: msg(),
  }, ctx);
  assert.deepEqual(r.message.code, "K");
  assert.deepEqual(log.connections.length, 1);
  assert(log.commands.includes("RSET"));
  await pool.close();
});

Deno.test("remoteDeliver: 4xx after DATA defers, 5xx after DATA fails", async () => {
  for (const [reply, code] of [["451 disk full", "Z"], ["554 spam", "D"]] as const) {
    const { connector } = fakeConnector({ "127.0.0.2": { afterData: () => reply } });
    const r = await remoteDeliver({
      host: "ex.test",
      sender: "",
      recipients: ["a@ex.test"],
      message: msg(),
    }, fakeContext({ dns: zone, connector }));
    assert.deepEqual(r.message, {
      code,
      text: `127.0.0.2 failed after I sent the message.\nRemote host said: ${reply}\n`,
    });
  }
});
