/**
 * qmail-remote's command line (qmail-remote(8)): `qmail-remote host sender
 * recip…`, message on stdin, report on stdout with 0 bytes, exit 0; and a
 * name server that never answers defers.
 */

import assert from "node:assert/strict";
import { makeTree, runQmail } from "./helpers.ts";
import { randomPort, readEvents, startDnsmasq, startPeer } from "./remote_helpers.ts";

Deno.test("qmail-remote prints qmail's report for one connection carrying several recipients", async () => {
  using tree = await makeTree("me.example");
  await using dns = await startDnsmasq([
    "--local=/test/",
    "--mx-host=cli.test,mx.cli.test,10",
    "--address=/mx.cli.test/127.0.0.11",
  ], tree.dir);
  if (!dns) return console.log("skipped: dnsmasq cannot be installed");
  const port = randomPort();
  const log = `${tree.dir}/peer.jsonl`;
  await using _peer = await startPeer("smtp", [
    "127.0.0.11",
    String(port),
    log,
    "no=550 5.1.1 unknown user",
  ]);
  const env = { DNSCACHEIP: `127.0.0.1:${dns.port}`, QMAILREMOTE_PORT: String(port) };
  const r = await runQmail("qmail-remote", [
    "cli.test",
    "me@me.example",
    "a@cli.test",
    "no@cli.test",
    "b@cli.test",
  ], {
    home: tree.home,
    env,
    stdin: "Subject: x\n\n.leading dot\n",
  });
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "r\0h127.0.0.11 does not like recipient.\nRemote host said: 550 5.1.1 unknown user\n\0r\0" +
      "K127.0.0.11 accepted message.\nRemote host said: 250 2.0.0 queued as peer3\n\0",
  );
  const events = readEvents(log);
  assert.equal(events.filter((e) => e.ev === "connect").length, 1);
  assert.match(events.find((e) => e.ev === "data")!.body!, /^\.\.leading dot\r\n$/m);

  const usage = await runQmail("qmail-remote", ["cli.test", "me@me.example"], {
    home: tree.home,
    env,
  });
  assert.equal(usage.stdout, "DI (qmail-remote) was invoked improperly. (#5.3.5)\n\0");
  assert.equal(usage.code, 0);
});

Deno.test("qmail-remote defers when the name server does not answer", async () => {
  using tree = await makeTree("me.example");
  await using mute = await startPeer("mute-dns", ["127.0.0.1"]);
  const r = await runQmail("qmail-remote", ["quiet.test", "me@me.example", "a@quiet.test"], {
    home: tree.home,
    env: { DNSCACHEIP: `127.0.0.1:${mute.port}` },
    stdin: "Subject: x\n\nhi\n",
  });
  assert.equal(r.stdout, "ZCNAME lookup failed temporarily. (#4.4.3)\n\0");
});
