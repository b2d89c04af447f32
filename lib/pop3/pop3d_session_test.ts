import assert from "node:assert/strict";
import { pop3dStart, pop3dStep, uniqueId } from "./pop3d_session.ts";

function session() {
  return pop3dStart([
    { fn: "cur/100.M1P1.host:2,S", size: 10 },
    { fn: "new/200.M2P2.host", size: 20 },
    { fn: "new/300.M3P3.host", size: 30 },
  ]);
}

Deno.test("STAT, LIST and UIDL describe the maildrop", () => {
  const s = session();
  assert.deepEqual(pop3dStep(s, "STAT").replies, ["+OK 3 60"]);
  assert.deepEqual(pop3dStep(s, "LIST").replies, ["+OK ", "1 10", "2 20", "3 30", "."]);
  assert.deepEqual(pop3dStep(s, "list 2").replies, ["+OK 2 20"]);
  assert.deepEqual(pop3dStep(s, "UIDL").replies, [
    "+OK ",
    "1 100.M1P1.host",
    "2 200.M2P2.host",
    "3 300.M3P3.host",
    ".",
  ]);
  assert.deepEqual(pop3dStep(s, "uidl 1").replies, ["+OK 1 100.M1P1.host"]);
});

Deno.test("the unique id is the file name without directory and info, so it survives new/ to cur/", () => {
  assert.equal(uniqueId("new/200.M2P2.host"), "200.M2P2.host");
  assert.equal(uniqueId("cur/200.M2P2.host:2,S"), "200.M2P2.host");
});

Deno.test("DELE hides a message from STAT and LIST until RSET; LAST is the highest deleted", () => {
  const s = session();
  assert.deepEqual(pop3dStep(s, "DELE 2").replies, ["+OK "]);
  assert.deepEqual(pop3dStep(s, "STAT").replies, ["+OK 2 40"]);
  assert.deepEqual(pop3dStep(s, "LIST").replies, ["+OK ", "1 10", "3 30", "."]);
  assert.deepEqual(pop3dStep(s, "LAST").replies, ["+OK 2"]);
  assert.deepEqual(pop3dStep(s, "DELE 2").replies, ["-ERR already deleted"]);
  assert.deepEqual(pop3dStep(s, "RETR 2").replies, ["-ERR already deleted"]);
  assert.deepEqual(pop3dStep(s, "RSET").replies, ["+OK "]);
  assert.deepEqual(pop3dStep(s, "STAT").replies, ["+OK 3 60"]);
  assert.deepEqual(pop3dStep(s, "LAST").replies, ["+OK 0"]);
});

Deno.test("QUIT asks to remove exactly the deleted messages and keep the others", () => {
  const s = session();
  pop3dStep(s, "DELE 1");
  pop3dStep(s, "DELE 3");
  assert.deepEqual(pop3dStep(s, "QUIT").effect, {
    kind: "quit",
    remove: ["cur/100.M1P1.host:2,S", "new/300.M3P3.host"],
    keep: ["new/200.M2P2.host"],
  });
});

Deno.test("RETR and TOP ask for the file; TOP with its line count", () => {
  const s = session();
  assert.deepEqual(pop3dStep(s, "RETR 3").effect, { kind: "send", fn: "new/300.M3P3.host" });
  assert.deepEqual(pop3dStep(s, "TOP 1 5").effect, {
    kind: "send",
    fn: "cur/100.M1P1.host:2,S",
    bodyLines: 5,
  });
});

Deno.test("bad message numbers and arguments get qmail-pop3d's -ERR replies", () => {
  const s = session();
  for (
    const [line, reply] of [
      ["RETR 0", "-ERR messages are counted from 1"],
      ["RETR 4", "-ERR not that many messages"],
      ["RETR 99999999999999999999", "-ERR not that many messages"],
      ["RETR", "-ERR syntax error"],
      ["RETR x", "-ERR syntax error"],
      ["RETR -1", "-ERR syntax error"],
      ["RETR 1 2", "-ERR syntax error"],
      ["DELE", "-ERR syntax error"],
      ["LIST a", "-ERR syntax error"],
      ["TOP 1", "-ERR syntax error"],
      ["TOP 1 x", "-ERR syntax error"],
      ["STAT 1", "-ERR syntax error"],
      ["XTND XMIT", "-ERR unimplemented"],
      ["", "-ERR unimplemented"],
      ["USER joe", "-ERR unimplemented"],
    ]
  ) {
    const step = pop3dStep(s, line);
    assert.deepEqual(step.replies, [reply], line);
    assert.equal(step.effect, undefined, line);
  }
});

Deno.test("NOOP answers +OK and verbs are case-insensitive", () => {
  const s = session();
  assert.deepEqual(pop3dStep(s, "noop").replies, ["+OK "]);
  assert.deepEqual(pop3dStep(s, "StAt").replies, ["+OK 3 60"]);
});

Deno.test("an empty maildrop lists nothing", () => {
  const s = pop3dStart([]);
  assert.deepEqual(pop3dStep(s, "STAT").replies, ["+OK 0 0"]);
  assert.deepEqual(pop3dStep(s, "LIST").replies, ["+OK ", "."]);
  assert.deepEqual(pop3dStep(s, "RETR 1").replies, ["-ERR not that many messages"]);
});
