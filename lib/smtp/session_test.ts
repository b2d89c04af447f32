import assert from "node:assert/strict";
import fc from "fast-check";
import {
  dataDone,
  type SessionConfig,
  type SessionState,
  splitCommand,
  start,
  step,
} from "./session.ts";

const config: SessionConfig = {
  greeting: "mx.example.com",
  databytes: 0,
  remoteHost: "client.example",
  badMailFrom: (a) => a.endsWith("@spam.example"),
  rcptAllowed: (a) => a.endsWith("@example.com"),
  maxRecipients: 3,
};

function run(lines: string[], c = config): { state: SessionState; replies: string[] } {
  let { state } = start(c);
  const replies: string[] = [];
  for (const line of lines) {
    const s = step(state, line);
    state = s.state;
    replies.push(...s.replies);
  }
  return { state, replies };
}

Deno.test("the greeting is 220 smtpgreeting ESMTP", () => {
  assert.deepEqual(start(config).replies, ["220 mx.example.com ESMTP"]);
});

Deno.test("commands are split at the first space and matched without regard to case", () => {
  assert.deepEqual(splitCommand("MAIL FROM:<a>"), { verb: "MAIL", arg: "FROM:<a>" });
  assert.deepEqual(splitCommand("rcpt    TO:<a>"), { verb: "rcpt", arg: "TO:<a>" });
  assert.deepEqual(splitCommand("NOOP"), { verb: "NOOP", arg: "" });
  assert.deepEqual(splitCommand("MAIL FROM:<a\0b>"), { verb: "MAIL", arg: "FROM:<a" });
  assert.deepEqual(run(["nOoP"]).replies, ["250 ok"]);
});

Deno.test("DATA hands the driver the envelope and resets the transaction", () => {
  const { state } = run(["MAIL FROM:<a@x.example>", "RCPT TO:<b@example.com>"]);
  const s = step(state, "DATA");
  assert.deepEqual(s.replies, ["354 go ahead"]);
  assert.deepEqual(s.effects, [
    { kind: "data", envelope: { sender: "a@x.example", recipients: ["b@example.com"] } },
    { kind: "flush" },
  ]);
  assert.equal(s.state.seenMail, false);
  assert.deepEqual(step(s.state, "RCPT TO:<b@example.com>").replies, ["503 MAIL first (#5.5.1)"]);
});

Deno.test("the Received field names the HELO only when it differs from the remote host", () => {
  const same = run(["HELO Client.Example", "MAIL FROM:<>", "RCPT TO:<b@example.com>"]);
  assert.deepEqual(step(same.state, "DATA").effects[0], {
    kind: "data",
    envelope: { sender: "", recipients: ["b@example.com"] },
  });
  const other = run(["EHLO liar.example", "MAIL FROM:<>", "RCPT TO:<b@example.com>"]);
  const effect = step(other.state, "DATA").effects[0];
  assert.equal(effect.kind === "data" && effect.helo, "liar.example");
});

Deno.test("HELO and EHLO end a transaction; RSET does too", () => {
  for (const cmd of ["HELO x", "EHLO x", "RSET"]) {
    const { replies } = run(["MAIL FROM:<a@x.example>", cmd, "RCPT TO:<b@example.com>"]);
    assert.equal(replies.at(-1), "503 MAIL first (#5.5.1)", cmd);
  }
});

Deno.test("a new MAIL starts a new recipient list", () => {
  const { state } = run([
    "MAIL FROM:<a@x.example>",
    "RCPT TO:<b@example.com>",
    "MAIL FROM:<c@x.example>",
    "RCPT TO:<d@example.com>",
  ]);
  assert.deepEqual(state.recipients, ["d@example.com"]);
  assert.equal(state.mailFrom, "c@x.example");
});

Deno.test("QUIT answers 221 and closes", () => {
  const s = step(start(config).state, "QUIT");
  assert.deepEqual(s.replies, ["221 mx.example.com"]);
  assert.deepEqual(s.effects, [{ kind: "close" }]);
});

Deno.test("the final dot's reply: accepted, looping, too big, or the queue's status", () => {
  const { state } = start(config);
  const reply = (o: Parameters<typeof dataDone>[1]) => dataDone(state, o).replies[0];
  assert.equal(reply({ kind: "accepted", when: 1700000000, qp: 12 }), "250 ok 1700000000 qp 12");
  assert.equal(reply({ kind: "hops" }), "554 too many hops, this message is looping (#5.4.6)");
  assert.equal(
    reply({ kind: "tooBig" }),
    "552 sorry, that message size exceeds my databytes limit (#5.3.4)",
  );
  assert.equal(
    reply({ kind: "queue", status: "Zqq read error (#4.3.0)" }),
    "451 qq read error (#4.3.0)",
  );
  assert.equal(
    reply({ kind: "queue", status: "Denvelope address too long for qq (#5.1.3)" }),
    "554 envelope address too long for qq (#5.1.3)",
  );
});

Deno.test("no input line crashes the session, and every step answers with valid reply lines", () => {
  const verbs = fc.constantFrom(
    "HELO",
    "EHLO",
    "MAIL FROM:",
    "RCPT TO:",
    "DATA",
    "RSET",
    "NOOP",
    "VRFY",
    "HELP",
    "QUIT",
    "mail from:<",
    "rcpt to:<",
    "",
  );
  const latin1 = fc.string({
    unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
  });
  const line = fc.oneof(latin1, fc.tuple(verbs, latin1).map(([v, a]) => v + a));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, relay) => {
      let { state } = start({ ...config, relayClient: relay ? "" : undefined });
      for (const l of lines) {
        const s = step(state, l);
        assert.ok(s.replies.length >= 1);
        for (const r of s.replies) {
          assert.match(r, /^[2-5]\d\d[ -]/);
          assert.ok(!/[\r\n]/.test(r), "a reply line holds no CR or LF");
        }
        assert.ok(s.state.recipients.length <= config.maxRecipients);
        for (const a of [s.state.mailFrom, ...s.state.recipients]) assert.ok(!a.includes("\0"));
        state = s.state;
      }
    }),
    { numRuns: 500 },
  );
});
