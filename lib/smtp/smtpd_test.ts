import assert from "node:assert/strict";
import { runSmtpd, type SmtpdOptions } from "./smtpd.ts";
import { CONTROLS_FRESH_MS } from "./controls.ts";
import { bytesToLatin1 } from "../text/latin1.ts";
import type { Envelope } from "../queue/envelope.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** Runs one in-process session over memory streams; returns its replies and what was queued. */
async function session(home: string, input: string, over: Partial<SmtpdOptions> = {}) {
  let pending: Uint8Array | undefined = enc(input);
  const reader = {
    read(p: Uint8Array) {
      if (!pending) return Promise.resolve(null);
      const n = Math.min(p.length, pending.length);
      p.set(pending.subarray(0, n));
      pending = n < pending.length ? pending.subarray(n) : undefined;
      return Promise.resolve(n);
    },
  };
  let replies = "";
  const writer = {
    write(p: Uint8Array) {
      replies += bytesToLatin1(p);
      return Promise.resolve(p.length);
    },
  };
  const envelopes: Envelope[] = [];
  const code = await runSmtpd(reader, writer, {
    home,
    env: {},
    queue: async (message, envelope) => {
      for await (const _ of message);
      envelopes.push(envelope);
      return 99;
    },
    localIps: () => ["10.1.2.3"],
    ...over,
  });
  return { code, replies, envelopes };
}

async function withTree(files: Record<string, string>, f: (home: string) => Promise<void>) {
  const home = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${home}/control`);
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${home}/control/${name}`, text);
    }
    await f(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

const TXN = "MAIL FROM:<a@x.example>\r\nRCPT TO:<b@far.example>\r\nRCPT TO:<c@[10.1.2.3]>\r\n" +
  "DATA\r\n12345\r\n.\r\nQUIT\r\n";

Deno.test("an in-process session takes its environment from the object it is given", async () => {
  await withTree({ me: "mx.example.com", rcpthosts: "mx.example.com\n" }, async (home) => {
    const closed = await session(home, TXN);
    assert.match(closed.replies, /553 sorry, that domain isn't in my list of allowed rcpthosts/);
    assert.deepEqual(closed.envelopes, [{
      sender: "a@x.example",
      recipients: ["c@mx.example.com"],
    }]);

    const relay = await session(home, TXN, { env: { RELAYCLIENT: "@fixme", DATABYTES: "6" } });
    assert.equal(relay.code, 0);
    assert.deepEqual(relay.envelopes, [{
      sender: "a@x.example",
      recipients: ["b@far.example@fixme", "c@mx.example.com@fixme"],
    }]);
    const small = await session(home, TXN, { env: { DATABYTES: "5" } });
    assert.match(small.replies, /552 sorry, that message size exceeds my databytes limit/);
  });
});

Deno.test("an in-process session greets with smtpgreeting and sees a changed control a second later", async () => {
  await withTree(
    { me: "mx.example.com", smtpgreeting: "mail.example.com NO UCE" },
    async (home) => {
      assert.match(
        (await session(home, "QUIT\r\n")).replies,
        /^220 mail\.example\.com NO UCE ESMTP\r\n/,
      );
      await Deno.writeTextFile(`${home}/control/smtpgreeting`, "other.example.com");
      await new Promise((r) => setTimeout(r, CONTROLS_FRESH_MS));
      assert.match((await session(home, "QUIT\r\n")).replies, /^220 other\.example\.com ESMTP\r\n/);
    },
  );
});

Deno.test("an in-process session without control/me answers 421 and ends", async () => {
  await withTree({}, async (home) => {
    const r = await session(home, "QUIT\r\n");
    assert.equal(r.code, 1);
    assert.equal(r.replies, "421 unable to read controls (#4.3.0)\r\n");
  });
});
