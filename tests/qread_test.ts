import assert from "node:assert/strict";
import { makeQueueTree, put } from "./qread_fixture.ts";
import { runQmail } from "./helpers.ts";
import { enqueue } from "../lib/queue/enqueue.ts";
import { queuePath } from "../lib/queue/layout.ts";

const T1 = new Date(Date.UTC(1995, 8, 26, 4, 46, 54));
const T2 = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const T3 = new Date(Date.UTC(2026, 10, 22, 0, 43, 7));

/** A queue with every case qmail-qread distinguishes. */
function fillQueue(queue: string): void {
  // #5: local and remote recipients, one done, a bounce pending.
  put(queue, "mess/5/5", "x".repeat(100));
  put(queue, "info/5/5", "Falice@test.example\0", T1);
  put(queue, "local/5/5", "Tbob@test.example\0Dcarol@test.example\0");
  put(queue, "remote/5/5", "Tdan@remote.example\0");
  put(queue, "bounce/5", "");
  // #24 (split 1): a bounce message (empty sender), odd bytes, an unterminated last line.
  put(queue, "mess/1/24", "y".repeat(7));
  put(queue, "info/1/24", "F\0", T2);
  put(queue, "remote/1/24", "Dx@y.example\0Tz\x01\xe9@y.example\0Tpartial@y");
  // #30: info/ without mess/ (trouble), and a name that is not a message number.
  put(queue, "info/7/30", "Fghost@test.example\0", T2);
  put(queue, "info/3/junk", "Fjunk\0", T2);
  // #101: in todo/ and info/ at once (qmail-send preprocessing it): listed once, from info/.
  put(queue, "mess/9/101", "z");
  put(queue, "info/9/101", "Fpre@test.example\0", T3);
  put(queue, "todo/101", "u0\0p1\0Fpre@test.example\0Tq@test.example\0", T3);
  // #100: only in todo/ (not yet preprocessed): the extension.
  put(queue, "mess/8/100", "m".repeat(42));
  put(queue, "todo/100", "u1000\0p4242\0Fsender@x.example\0Trc1@a.example\0Trc2@b.example\0", T3);
}

const EXPECTED = "2 Jan 2026 03:04:05 GMT  #24  7  <> \n" +
  "  done\tremote\tx@y.example\n" +
  "\tremote\tz__@y.example\n" +
  "26 Sep 1995 04:46:54 GMT  #5  100  <alice@test.example>  bouncing\n" +
  "\tlocal\tbob@test.example\n" +
  "  done\tlocal\tcarol@test.example\n" +
  "\tremote\tdan@remote.example\n" +
  "warning: trouble with #30: file does not exist\n" +
  "22 Nov 2026 00:43:07 GMT  #101  1  <pre@test.example> \n" +
  "22 Nov 2026 00:43:07 GMT  #100  42  <sender@x.example>  todo\n" +
  "\ttodo\trc1@a.example\n" +
  "\ttodo\trc2@b.example\n";

Deno.test("qmail-qread lists a hand-made queue byte for byte", async () => {
  const home = await Deno.makeTempDir();
  try {
    fillQueue(makeQueueTree(home));
    const r = await runQmail("qmail-qread", [], { home });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, EXPECTED);
    assert.equal(r.code, 0);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qread prints nothing for an empty queue and exits 0", async () => {
  const home = await Deno.makeTempDir();
  try {
    makeQueueTree(home);
    assert.deepEqual(await runQmail("qmail-qread", [], { home }), {
      code: 0,
      stdout: "",
      stderr: "",
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qread stops with exit 111 when a queue directory is missing", async () => {
  const home = await Deno.makeTempDir();
  try {
    const queue = makeQueueTree(home);
    put(queue, "mess/1/24", "abc");
    put(queue, "info/1/24", "Fa@b\0", T2);
    await Deno.remove(`${queue}/info/3`);
    const r = await runQmail("qmail-qread", [], { home });
    assert.equal(
      r.stdout,
      "2 Jan 2026 03:04:05 GMT  #24  3  <a@b> \nfatal: unable to opendir info/3: file does not exist\n",
    );
    assert.equal(r.code, 111);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qread without a queue says it cannot get there and exits 111", async () => {
  const home = await Deno.makeTempDir();
  try {
    const r = await runQmail("qmail-qread", [], { home });
    assert.equal(r.stdout, "fatal: unable to chdir: file does not exist\n");
    assert.equal(r.code, 111);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qstat counts messages in mess/ and not yet preprocessed ones in todo/", async () => {
  const home = await Deno.makeTempDir();
  try {
    fillQueue(makeQueueTree(home));
    const r = await runQmail("qmail-qstat", [], { home });
    assert.equal(
      r.stdout,
      "messages in queue: 4\nmessages in queue but not yet preprocessed: 2\n",
    );
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qstat reports zeroes for an empty queue", async () => {
  const home = await Deno.makeTempDir();
  try {
    makeQueueTree(home);
    const r = await runQmail("qmail-qstat", [], { home });
    assert.equal(r.stdout, "messages in queue: 0\nmessages in queue but not yet preprocessed: 0\n");
    assert.equal(r.code, 0);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qstat names an unreadable queue on stderr and exits 111", async () => {
  const home = await Deno.makeTempDir();
  try {
    const r = await runQmail("qmail-qstat", [], { home });
    assert.equal(r.stdout, "messages in queue: 0\nmessages in queue but not yet preprocessed: 0\n");
    assert.match(
      r.stderr,
      /^qmail-qstat: warning: unable to read .*\/queue\/mess: file does not exist\n/,
    );
    assert.equal(r.code, 111);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("qmail-qread lists a message qmail-queue wrote before qmail-send has seen it", async () => {
  const home = await Deno.makeTempDir();
  try {
    const queue = makeQueueTree(home);
    const message = new TextEncoder().encode("Subject: hi\n\nbody\n");
    const envelope = { sender: "alice@test.example", recipients: ["bob@test.example"] };
    const { id } = await enqueue({ queue, message, envelope, uid: 1000, pid: 4242 });
    const size = Deno.statSync(queuePath(queue, "mess", id)).size;
    const r = await runQmail("qmail-qread", [], { home });
    const stats = `^\\d+ \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT  #${id}  ${size}  ` +
      `<alice@test\\.example>  todo\\n\\ttodo\\tbob@test\\.example\\n$`;
    assert.match(r.stdout, new RegExp(stats));
    assert.equal(r.code, 0);
    const q = await runQmail("qmail-qstat", [], { home });
    assert.equal(q.stdout, "messages in queue: 1\nmessages in queue but not yet preprocessed: 1\n");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
