/**
 * qmail-qmqpc: the package it builds, and the program run as qmail-queue is
 * (message on fd 0, envelope on fd 1) against denoqmail's own qmail-qmqpd
 * under tcpserver and against Postfix's qmqp-sink, both listening on port
 * 628 of a loopback address of their own (root only: the port is fixed).
 *
 * @module
 */

import assert from "node:assert/strict";
import { qmqpPackage, qmqpServers } from "../lib/qmtp/qmqpc.ts";
import { makeTree, queuedPaths, runQmail, type TempTree, which } from "./helpers.ts";
import { queuedMessages, smtpSource, startTcpServer } from "./tcpserver_fixture.ts";

const text = (b: Uint8Array | undefined) => b && new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("qmqpPackage nests message, sender and recipients in one netstring", () => {
  assert.equal(
    text(qmqpPackage(bytes("hi\n"), bytes("Fa@b\0Tc@d\0Te@f\0\0"))),
    "24:3:hi\n,3:a@b,3:c@d,3:e@f,,",
  );
  assert.equal(text(qmqpPackage(bytes(""), bytes("F\0\0"))), "6:0:,0:,,");
});

Deno.test("qmqpPackage refuses a malformed envelope (qmail-qmqpc exits 91)", () => {
  for (const bad of ["", "\0", "Xa@b\0\0", "Fa@b\0Xc\0\0", "Fa@b\0Tc@d"]) {
    assert.equal(qmqpPackage(bytes("x"), bytes(bad)), undefined, JSON.stringify(bad));
  }
});

Deno.test("qmqpServers takes the lines that are IPv4 addresses", () => {
  assert.deepEqual(qmqpServers("10.0.0.1\nmx.example\n 192.0.2.7 \n300.1.1.1\n\n"), [
    "10.0.0.1",
    "192.0.2.7",
  ]);
});

/** A loopback address whose port 628 is free, or undefined. */
function freeLoopback628(): string | undefined {
  for (let i = 0; i < 20; i++) {
    const ip = `127.0.${100 + Math.floor(Math.random() * 100)}.${
      2 + Math.floor(Math.random() * 250)
    }`;
    try {
      Deno.listen({ hostname: ip, port: 628 }).close();
      return ip;
    } catch {
      // taken, or not allowed
    }
  }
  return undefined;
}

/** Runs qmail-qmqpc in `t` with the message and envelope given; returns its exit code. */
async function qmqpc(t: TempTree, message: string, envelope: string): Promise<number> {
  const fd1 = `${t.dir}/envelope`;
  Deno.writeTextFileSync(fd1, envelope);
  const r = await runQmail("qmail-qmqpc", [], { home: t.home, stdin: message, fd1File: fd1 });
  return r.code;
}

Deno.test("qmail-qmqpc exits 55 without qmqpservers, 73 when no server answers, 91 for a bad envelope", async () => {
  using t = await makeTree("client.example");
  assert.equal(await qmqpc(t, "x\n", "Fa@b\0Tc@d\0\0"), 55);
  const ip = freeLoopback628();
  if (ip) {
    Deno.writeTextFileSync(`${t.home}/control/qmqpservers`, `${ip}\n`);
    assert.equal(await qmqpc(t, "x\n", "Fa@b\0Tc@d\0\0"), 73);
  }
  assert.equal(await qmqpc(t, "x\n", "Xa@b\0\0"), 91);
});

Deno.test({
  name:
    "qmail-qmqpc hands messages to qmail-qmqpd under tcpserver, alone and as qmail-inject's QMAILQUEUE, and reports a refusal (31)",
  ignore: Deno.uid() !== 0,
  async fn() {
    const ip = freeLoopback628();
    if (!ip) return console.log("skipped: no loopback address with port 628 free");
    using server = await makeTree("server.example");
    using client = await makeTree("client.example");
    await using _ = await startTcpServer(
      ["-HR", "-l", "server.example", ip, "628", "qmail-qmqpd"],
      { home: server.home },
    );
    Deno.writeTextFileSync(`${client.home}/control/qmqpservers`, `192.0.2.300\n${ip}\n`);
    const sent = await qmqpc(
      client,
      "Subject: via qmqp\n\nhello\n",
      "Fjoe@client.example\0Tbob@far.example\0\0",
    );
    assert.equal(sent, 0);
    const [m] = queuedMessages(server.home);
    assert.equal(m.sender, "joe@client.example");
    assert.deepEqual(m.recipients, ["bob@far.example"]);
    assert.match(m.text, /with QMQP; .*\nSubject: via qmqp\n\nhello\n$/);
    // As an injector's QMAILQUEUE (a mini-qmail): qmail-inject hands its message to qmail-qmqpc.
    const inject = await runQmail("qmail-inject", ["-fjane@client.example", "ann@far.example"], {
      home: client.home,
      env: { QMAILQUEUE: `${client.home}/bin/qmail-qmqpc` },
      stdin: "Subject: mini-qmail\n\nvia QMAILQUEUE\n",
    });
    assert.equal(inject.code, 0, inject.stderr);
    const viaInject = queuedMessages(server.home).find((q) => q.text.includes("mini-qmail"))!;
    assert.deepEqual(viaInject.recipients, ["ann@far.example"]);
    assert.equal(viaInject.sender, "jane@client.example");
    const long = `T${"x".repeat(1000)}@far.example\0`;
    assert.equal(await qmqpc(client, "Subject: no\n\n", `Fjoe@client.example\0${long}\0`), 31);
    assert.equal(queuedPaths(server.home).length, 2);
    assert.equal(queuedPaths(client.home).length, 0);
  },
});

Deno.test({
  name: "qmail-qmqpc delivers to Postfix's qmqp-sink",
  ignore: Deno.uid() !== 0,
  async fn() {
    if (!await smtpSource()) return console.log("skipped: postfix cannot be installed");
    const sinkPath = await which("qmqp-sink");
    const ip = freeLoopback628();
    if (!sinkPath || !ip) return console.log("skipped: no qmqp-sink, or no free port 628");
    const sink = new Deno.Command(sinkPath, {
      args: ["-c", `${ip}:628`, "5"],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    try {
      for (let i = 0; i < 50 && !listening(ip); i++) await new Promise((r) => setTimeout(r, 100));
      using client = await makeTree("client.example");
      Deno.writeTextFileSync(`${client.home}/control/qmqpservers`, `${ip}\n`);
      assert.equal(
        await qmqpc(client, "Subject: sink\n\n", "Fa@client.example\0Tb@c.example\0\0"),
        0,
      );
    } finally {
      sink.kill("SIGTERM");
      await sink.output();
    }
  },
});

/** True once something accepts connections on ip:628. */
function listening(ip: string): boolean {
  try {
    Deno.listen({ hostname: ip, port: 628 }).close();
    return false;
  } catch {
    return true;
  }
}
