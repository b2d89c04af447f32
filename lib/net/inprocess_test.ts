import assert from "node:assert/strict";
import { commandChain, findServer } from "./inprocess.ts";

Deno.test("denoqmail's servers are found by basename, wherever they are", () => {
  assert.equal(findServer("qmail-smtpd")?.name, "qmail-smtpd");
  assert.equal(findServer("/var/qmail/bin/qmail-smtpd")?.name, "qmail-smtpd");
  assert.equal(findServer("/usr/sbin/sendmail"), undefined);
});

Deno.test("a chain runs in-process through wrappers, then spawns what is left", () => {
  assert.deepEqual(commandChain(["rblsmtpd", "-r", "bl.example", "qmail-smtpd", "x"]), [
    { kind: "inprocess", name: "rblsmtpd", args: ["-r", "bl.example", "qmail-smtpd", "x"] },
    { kind: "inprocess", name: "qmail-smtpd", args: ["x"] },
  ]);
  assert.deepEqual(commandChain(["/usr/bin/rblsmtpd", "-b", "/usr/local/bin/smtpd"]), [
    { kind: "inprocess", name: "rblsmtpd", args: ["-b", "/usr/local/bin/smtpd"] },
    { kind: "spawn", argv: ["/usr/local/bin/smtpd"] },
  ]);
  assert.deepEqual(commandChain(["/bin/cat"]), [{ kind: "spawn", argv: ["/bin/cat"] }]);
  // A wrapper with a bad command line has nothing after it.
  assert.deepEqual(commandChain(["rblsmtpd", "-z"]), [
    { kind: "inprocess", name: "rblsmtpd", args: ["-z"] },
  ]);
});
