/**
 * Load from a real client: Postfix's smtp-source (Debian's postfix package,
 * installed by the test with no daemon started) sends 1,000 messages over 20
 * parallel sessions to `tcpserver … qmail-smtpd`; every one must be in the
 * queue afterwards, none lost, none doubled.
 *
 * @module
 */

import assert from "node:assert/strict";
import { makeTree } from "./helpers.ts";
import { queuedMessages, smtpSource, smtpSourceLoad, startTcpServer } from "./tcpserver_fixture.ts";

const MESSAGES = 1000;
const SESSIONS = 20;

Deno.test(`smtp-source: ${MESSAGES} messages over ${SESSIONS} parallel sessions all land in the queue once`, async () => {
  const source = await smtpSource();
  if (!source) {
    console.log("skipped: smtp-source (postfix) cannot be installed");
    return;
  }
  using tree = await makeTree("test.example");
  await using server = await startTcpServer(
    ["-HR", "-l", "mx.test.example", "-c", "40", "127.0.0.1", "0", "qmail-smtpd"],
    { home: tree.home },
  );
  const r = await smtpSourceLoad(source, `127.0.0.1:${server.port}`, MESSAGES, SESSIONS);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const { code, log } = await server.stop();
  assert.equal(code, 0, log);
  const msgs = queuedMessages(tree.home);
  assert.equal(msgs.length, MESSAGES, "every accepted message is in the queue");
  // smtp-source numbers its messages in the Message-Id: each appears exactly once.
  const ids = new Set(msgs.map((m) => /^Message-Id: <(.*)>$/m.exec(m.text)?.[1]));
  assert.equal(ids.size, MESSAGES, "no message is queued twice");
  for (const m of msgs) {
    assert.equal(m.sender, "load@client.example");
    assert.deepEqual(m.recipients, ["bob@test.example"]);
  }
});
