import assert from "node:assert/strict";
import { logLine, logSafe, StreamLog } from "./log.ts";

Deno.test("logSafe turns newlines into '/' and unsafe bytes (%, space, controls, 8-bit) into '_'", () => {
  assert.equal(logSafe("a b\n%c\t\x7f\xe9~!"), "a_b/_c___~!");
});

Deno.test("log lines are qmail-log(5)'s", () => {
  assert.equal(
    logLine.infoMsg(5, 120, "a b@c", 77, 1000),
    "info msg 5: bytes 120 from <a_b@c> qp 77 uid 1000\n",
  );
  assert.equal(
    logLine.starting(3, 5, "remote", "x@y"),
    "starting delivery 3: msg 5 to remote x@y\n",
  );
  assert.equal(
    logLine.delivery(3, "deferral", "try later\n"),
    "delivery 3: deferral: try_later/\n",
  );
  assert.equal(
    logLine.status({ used: 1, limit: 10 }, { used: 0, limit: 20 }, true),
    "status: local 1/10 remote 0/20 exitasap\n",
  );
  assert.equal(logLine.tripleBounce("bounce/9"), "triple bounce: discarding bounce/9\n");
});

Deno.test("StreamLog gathers lines written during a write into the next write", async () => {
  const writes: string[] = [];
  let release!: () => void;
  const first = new Promise<void>((r) => release = r);
  let n = 0;
  const log = new StreamLog(async (b) => {
    writes.push(new TextDecoder().decode(b));
    if (n++ === 0) await first;
  });
  log.write("a\n");
  log.write("b\n");
  log.write("c\n");
  release();
  await log.flush();
  assert.deepEqual(writes, ["a\n", "b\nc\n"]);
});

Deno.test("StreamLog under load pauses between writes so more lines go out together", async () => {
  const writes: string[] = [];
  const log = new StreamLog(async (b) => {
    writes.push(new TextDecoder().decode(b));
    await Promise.resolve();
  }, 5);
  log.write("a\n");
  log.write("b\n");
  await new Promise((r) => setTimeout(r, 1));
  log.write("c\n");
  await log.flush();
  assert.deepEqual(writes, ["a\n", "b\nc\n"]);
});
