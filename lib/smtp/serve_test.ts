import assert from "node:assert/strict";
import { type ServeOptions, serveSmtp } from "./serve.ts";
import type { SessionConfig } from "./session.ts";
import { bytesToLatin1 } from "../text/latin1.ts";
import { QueueError } from "../queue/errors.ts";

const config: SessionConfig = {
  greeting: "mx.example.com",
  databytes: 0,
  remoteHost: "unknown",
  badMailFrom: () => false,
  rcptAllowed: () => true,
  maxRecipients: 100,
};

const enc = (s: string) => new TextEncoder().encode(s);

/** A client whose packets arrive one per read; `hold` makes the reader wait forever at the end. */
function client(packets: string[], hold = false) {
  const queue = packets.map(enc);
  return {
    read(p: Uint8Array): Promise<number | null> {
      const next = queue.shift();
      if (next === undefined) return hold ? new Promise(() => {}) : Promise.resolve(null);
      if (next.length > p.length) queue.unshift(next.subarray(p.length));
      p.set(next.subarray(0, p.length));
      return Promise.resolve(Math.min(p.length, next.length));
    },
  };
}

/** Records every write separately (one write per flush). */
function server() {
  const writes: string[] = [];
  return {
    writes,
    write(p: Uint8Array): Promise<number> {
      writes.push(bytesToLatin1(p));
      return Promise.resolve(p.length);
    },
  };
}

function options(over: Partial<ServeOptions> = {}): ServeOptions {
  return {
    config,
    connection: { remoteHost: "unknown", remoteIp: "192.0.2.1", local: "mx.example.com" },
    timeoutSeconds: 60,
    queue: async (message) => {
      for await (const _ of message);
      return 1;
    },
    now: () => new Date(0),
    ...over,
  };
}

const TXN = "MAIL FROM:<a@x.example>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n";

Deno.test("pipelined commands are answered in one write, when the input runs dry", async () => {
  const out = server();
  const code = await serveSmtp(
    client(["MAIL FROM:<a@x.example>\r\nRCPT TO:<b@example.com>\r\nRSET\r\n", "QUIT\r\n"]),
    out,
    options(),
  );
  assert.equal(code, 0);
  assert.deepEqual(out.writes, [
    "220 mx.example.com ESMTP\r\n",
    "250 ok\r\n250 ok\r\n250 flushed\r\n",
    "221 mx.example.com\r\n",
  ]);
});

Deno.test("commands after the final dot in the same packet are not lost", async () => {
  const out = server();
  await serveSmtp(client([TXN, "hi\r\n.\r\nNOOP\r\nQUIT\r\n"]), out, options());
  assert.deepEqual(out.writes.join("").split("\r\n").slice(4), [
    "250 ok 0 qp 1",
    "250 ok",
    "221 mx.example.com",
    "",
  ]);
});

Deno.test("the message is accepted only after the queue says it is on disk", async () => {
  const out = server();
  let release!: () => void;
  const onDisk = new Promise<void>((r) => release = r);
  let queued = false;
  const session = serveSmtp(
    client([TXN, "hi\r\n.\r\nQUIT\r\n"]),
    out,
    options({
      queue: async (message) => {
        for await (const _ of message);
        await onDisk;
        queued = true;
        return 7;
      },
    }),
  );
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  assert.ok(!out.writes.join("").includes("250 ok 0"), "no 250 before the queue finished");
  release();
  assert.equal(await session, 0);
  assert.ok(queued);
  assert.match(out.writes.join(""), /354 go ahead\r\n250 ok 0 qp 7\r\n221 /);
});

Deno.test("a queue that fails before reading the message still gets the message drained", async () => {
  const out = server();
  const code = await serveSmtp(
    client([TXN, "line\r\n".repeat(1000) + ".\r\nNOOP\r\nQUIT\r\n"]),
    out,
    options({ queue: () => Promise.reject(new QueueError(62)) }),
  );
  assert.equal(code, 0);
  assert.deepEqual(out.writes.join("").split("\r\n").slice(4), [
    "451 qq trouble creating files in queue (#4.3.0)",
    "250 ok",
    "221 mx.example.com",
    "",
  ]);
});

Deno.test("a message with 100 Received lines is refused as looping and not queued", async () => {
  const out = server();
  let stored = false;
  await serveSmtp(
    client([TXN, "Received: x\r\n".repeat(100) + "\r\nbody\r\n.\r\nQUIT\r\n"]),
    out,
    options({
      queue: async (message) => {
        for await (const _ of message);
        stored = true;
        return 1;
      },
    }),
  );
  assert.equal(stored, false);
  assert.match(out.writes.join(""), /554 too many hops, this message is looping \(#5\.4\.6\)\r\n/);
});

Deno.test("the message goes to the queue with qmail-smtpd's Received field first", async () => {
  let text = "";
  await serveSmtp(
    client(["HELO helo.example\r\n" + TXN, "Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n"]),
    server(),
    options({
      connection: {
        remoteHost: "unknown",
        remoteIp: "192.0.2.1",
        remoteInfo: "joe",
        local: "mx.example.com",
      },
      queue: async (message) => {
        for await (const chunk of message) text += bytesToLatin1(chunk);
        return 1;
      },
    }),
  );
  assert.equal(
    text,
    "Received: from unknown (HELO helo.example) (joe@192.0.2.1)\n" +
      "  by mx.example.com with SMTP; 1 Jan 1970 00:00:00 -0000\nSubject: x\n\nbody\n",
  );
});

Deno.test("without databytes a large message is streamed to the queue in pieces", async () => {
  const line = "x".repeat(998) + "\r\n";
  const packets = [TXN, ...Array.from({ length: 4000 }, () => line), ".\r\nQUIT\r\n"];
  let size = 0;
  let pieces = 0;
  const out = server();
  await serveSmtp(
    client(packets),
    out,
    options({
      queue: async (message) => {
        for await (const chunk of message) {
          size += chunk.length;
          pieces++;
        }
        return 1;
      },
    }),
  );
  assert.match(out.writes.join(""), /250 ok 0 qp 1\r\n221 /);
  assert.equal(
    size,
    4000 * 999 + "Received: from unknown (192.0.2.1)\n".length +
      "  by mx.example.com with SMTP; 1 Jan 1970 00:00:00 -0000\n".length,
  );
  assert.ok(pieces > 10, `streamed in ${pieces} pieces`);
});

Deno.test("a client that sends nothing for timeoutsmtpd gets 451 timeout and exit 1", async () => {
  const out = server();
  const code = await serveSmtp(client(["NOOP\r\n"], true), out, options({ timeoutSeconds: 0.01 }));
  assert.equal(code, 1);
  assert.deepEqual(out.writes.slice(-1), ["451 timeout (#4.4.2)\r\n"]);
});

Deno.test("an overlong command line gets 500 and the session goes on", async () => {
  const out = server();
  const code = await serveSmtp(
    client(["NOOP " + "x".repeat(5000), "y".repeat(5000) + "\r\nNOOP\r\nQUIT\r\n"]),
    out,
    options(),
  );
  assert.equal(code, 0);
  assert.deepEqual(out.writes.join("").split("\r\n").slice(1), [
    "500 line too long (#5.5.2)",
    "250 ok",
    "221 mx.example.com",
    "",
  ]);
});

Deno.test("a client that stops reading replies ends the session", async () => {
  const code = await serveSmtp(client(["NOOP\r\n"]), {
    write: () => Promise.reject(new Error("broken pipe")),
  }, options());
  assert.equal(code, 1);
});
