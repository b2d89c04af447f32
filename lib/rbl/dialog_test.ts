import assert from "node:assert/strict";
import { rblDialog, rblReply } from "./dialog.ts";

Deno.test("rblsmtpd's conversation accepts HELO/EHLO/MAIL/RSET/NOOP and rejects the rest", () => {
  const block = "451 listed";
  assert.deepEqual(rblReply("HELO x", block), { reply: "250 rblsmtpd.local", quit: false });
  assert.deepEqual(rblReply("ehlo x\r", block), { reply: "250 rblsmtpd.local", quit: false });
  assert.deepEqual(rblReply("MAIL FROM:<a@b>", block).reply, "250 rblsmtpd.local");
  assert.deepEqual(rblReply("rset", block).reply, "250 rblsmtpd.local");
  assert.deepEqual(rblReply("NOOP", block).reply, "250 rblsmtpd.local");
  assert.deepEqual(rblReply("RCPT TO:<a@b>", block), { reply: block, quit: false });
  assert.deepEqual(rblReply("DATA", block).reply, block);
  assert.deepEqual(rblReply("MAILX", block).reply, block);
  assert.deepEqual(rblReply("QUIT", block), { reply: "221 rblsmtpd.local", quit: true });
});

/** A client that sends `text` at once and collects what it is told. */
function client(text: string) {
  let sent = false;
  let heard = "";
  return {
    input: {
      read(p: Uint8Array) {
        if (sent) return Promise.resolve(null);
        sent = true;
        const b = new TextEncoder().encode(text);
        p.set(b);
        return Promise.resolve(b.length);
      },
    },
    output: {
      write(p: Uint8Array) {
        heard += new TextDecoder().decode(p);
        return Promise.resolve(p.length);
      },
    },
    heard: () => heard,
  };
}

Deno.test("rblsmtpd answers a pipelined session in order and hangs up after QUIT", async () => {
  const c = client("EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nQUIT\r\nNOOP\r\n");
  await rblDialog(c.input, c.output, "553 no", 60);
  assert.equal(
    c.heard(),
    "220 rblsmtpd.local\r\n250 rblsmtpd.local\r\n250 rblsmtpd.local\r\n553 no\r\n553 no\r\n" +
      "221 rblsmtpd.local\r\n",
  );
});

Deno.test("rblsmtpd with -t 0 writes the reply once, without a greeting", async () => {
  const c = client("HELO x\r\n");
  await rblDialog(c.input, c.output, "451 listed", 0);
  assert.equal(c.heard(), "451 listed\r\n");
});

Deno.test("rblsmtpd drops a client that outstays the timeout", async () => {
  let heard = "";
  const never = { read: () => new Promise<number | null>(() => {}) };
  const out = {
    write(p: Uint8Array) {
      heard += new TextDecoder().decode(p);
      return Promise.resolve(p.length);
    },
  };
  await rblDialog(never, out, "451 listed", 0.05);
  assert.equal(heard, "220 rblsmtpd.local\r\n");
});
