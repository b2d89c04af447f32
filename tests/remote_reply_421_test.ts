/**
 * qmail-remote against a server that fails a command, 421 above all (the
 * server closes the channel after it, RFC 5321 §3.8), over real sockets on
 * 127.0.0.1. The reports are qmail-remote.c smtp()'s: a refused sender is
 * "Connected to IP but sender was rejected." (Z for 4xx, D for 5xx) for
 * every recipient, with or without PIPELINING (RFC 2920: the replies still
 * come in order, and after a 421 nothing but EOF follows).
 */

import assert from "node:assert/strict";
import {
  fakeContext,
  fakeDns,
  type FakeServer,
  listenFake,
  type ListeningFake,
  rr,
} from "../lib/remote/_testing.ts";
import { tcpConnector } from "../lib/remote/connection.ts";
import { remoteDeliver } from "../lib/remote/deliver.ts";
import { SessionPool } from "../lib/remote/pool.ts";
import { formatReport, recipientResults } from "../lib/remote/report.ts";

const zone = fakeDns({
  "MX ex.test": [rr.mx("ex.test", 10, "mx.ex.test")],
  "A mx.ex.test": [rr.a("mx.ex.test", "127.0.0.1")],
  "CNAME ex.test": [],
});
const PIPELINING = ["fake", "PIPELINING"];
const UNPIPELINED = ["fake", "8BITMIME"];
const BOTH = [["pipelined", PIPELINING], ["unpipelined", UNPIPELINED]] as const;
const BYE = "421 4.3.2 shutting down";
const said = (reply: string) => `Remote host said: ${reply}\n`;

const message = new TextEncoder().encode("Subject: t\n\nhello\n");

/** A message from s@me.example to `recipients` at ex.test. */
const to = (recipients: string[]) => ({
  host: "ex.test",
  sender: "s@me.example",
  recipients,
  message,
});

/** Delivery over real sockets to `peer` (ex.test's MX is 127.0.0.1). */
function contextFor(peer: ListeningFake, pool?: SessionPool) {
  const tcp = { connector: tcpConnector, port: peer.port, isMe: () => false };
  return fakeContext({ dns: zone, ...tcp, timeoutRemote: 10, pool });
}

/** Delivers one message to `recipients` at a fresh listening fake; the report's bytes. */
async function deliverTo(server: FakeServer, recipients: string[], pool?: SessionPool) {
  await using peer = listenFake(server);
  const report = await remoteDeliver(to(recipients), contextFor(peer, pool));
  await pool?.close();
  return { report, text: formatReport(report), log: peer.log };
}

for (const [how, ehlo] of BOTH) {
  Deno.test(`${how}: 421 to MAIL is "sender was rejected", temporary, for every recipient`, async () => {
    const { report, text } = await deliverTo({ ehlo, mail: () => BYE }, ["a@ex.test", "b@ex.test"]);
    assert.equal(text, `ZConnected to 127.0.0.1 but sender was rejected.\n${said(BYE)}\0`);
    for (const r of recipientResults(report, 2)) {
      assert.equal(r.status, "deferral");
      assert.match(r.report ?? "", /sender was rejected/);
    }
  });

  Deno.test(`${how}: 4xx to MAIL defers and 5xx fails, the server staying`, async () => {
    for (const [reply, code] of [["451 try later", "Z"], ["553 no such sender", "D"]]) {
      const { text } = await deliverTo(
        { ehlo, mail: () => reply, rcpt: () => "503 MAIL first", data: "503 MAIL first" },
        ["a@ex.test"],
      );
      assert.equal(
        text,
        `${code}Connected to 127.0.0.1 but sender was rejected.\n${said(reply)}\0`,
      );
    }
  });

  Deno.test(`${how}: 421 to a RCPT defers it; qmail then finds the connection dead`, async () => {
    const rcpt = (a: string) => a.startsWith("b") ? BYE : "250 ok";
    const { text } = await deliverTo({ ehlo, rcpt }, ["a@ex.test", "b@ex.test", "c@ex.test"]);
    assert.equal(
      text,
      `r\0s127.0.0.1 does not like recipient.\n${said(BYE)}\0` +
        "ZConnected to 127.0.0.1 but connection died. (#4.4.2)\n\0",
    );
  });

  Deno.test(`${how}: 421 to the only RCPT gives up, the recipient deferred`, async () => {
    const { report, text } = await deliverTo({ ehlo, rcpt: () => BYE }, ["a@ex.test"]);
    assert.equal(
      text,
      `s127.0.0.1 does not like recipient.\n${said(BYE)}\0DGiving up on 127.0.0.1.\n\0`,
    );
    assert.equal(recipientResults(report, 1)[0].status, "deferral");
  });

  Deno.test(`${how}: 421 to DATA is "failed on DATA command", temporary, the session not kept`, async () => {
    const pool = new SessionPool({ idleMs: 1000 });
    const { text } = await deliverTo({ ehlo, data: BYE }, ["a@ex.test"], pool);
    assert.equal(text, `r\0Z127.0.0.1 failed on DATA command.\n${said(BYE)}\0`);
    assert.equal(pool.size, 0);
  });

  Deno.test(`${how}: 421 after the message defers it, the session not kept`, async () => {
    const pool = new SessionPool({ idleMs: 1000 });
    const { text, log } = await deliverTo({ ehlo, afterData: () => BYE }, ["a@ex.test"], pool);
    assert.equal(text, `r\0Z127.0.0.1 failed after I sent the message.\n${said(BYE)}\0`);
    assert.equal(log.messages.length, 1);
    assert.equal(pool.size, 0);
  });
}

Deno.test("421 greeting is qmail's greeting failure", async () => {
  const { text, log } = await deliverTo({ greeting: BYE }, ["a@ex.test"]);
  assert.equal(text, `ZConnected to 127.0.0.1 but greeting failed.\n${said(BYE)}\0`);
  assert.deepEqual(log.commands, []);
});

Deno.test("421 to EHLO is qmail's refused HELO, without a HELO the server would not read", async () => {
  const { text, log } = await deliverTo({ ehlo: BYE }, ["a@ex.test"]);
  assert.equal(text, `ZConnected to 127.0.0.1 but my name was rejected.\n${said(BYE)}\0`);
  assert.deepEqual(log.commands, ["EHLO me.example"]);
});

Deno.test("421 to MAIL on a kept session: the message goes over a fresh connection", async () => {
  // A server limiting messages per connection; qmail would have connected afresh anyway.
  let mails = 0;
  const pool = new SessionPool({ idleMs: 5000 });
  await using peer = listenFake({ ehlo: PIPELINING, mail: () => ++mails === 2 ? BYE : "250 ok" });
  const ctx = contextFor(peer, pool);
  assert.equal((await remoteDeliver(to(["a@ex.test"]), ctx)).message.code, "K");
  const second = await remoteDeliver(to(["b@ex.test"]), ctx);
  assert.equal(second.message.code, "K", formatReport(second));
  assert.equal(peer.log.connections.length, 2);
  assert.equal(peer.log.messages.length, 2);
  await pool.close();
});
