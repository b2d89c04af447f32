import assert from "node:assert/strict";
import { DENO_RUN, listDir, makeTree, queueFiles, runQmail } from "./helpers.ts";
import { parseEnvelope } from "../lib/queue/envelope.ts";
import { SPLIT } from "../lib/queue/layout.ts";

const MESSAGE = "Subject: hi\n\nbody\n";
const ENVELOPE = "Falice@test.example\0Tbob@test.example\0Tcarol@test.example\0\0";

async function writeTemp(dir: string, name: string, data: string | Uint8Array): Promise<string> {
  const path = `${dir}/${name}`;
  if (typeof data === "string") await Deno.writeTextFile(path, data);
  else await Deno.writeFile(path, data);
  return path;
}

Deno.test("qmail-queue queues fd 0 with the envelope on fd 1 exactly as qmail does", async () => {
  using t = await makeTree("test.example");
  const env = await writeTemp(t.dir, "env", ENVELOPE);
  const r = await runQmail("qmail-queue", [], { home: t.home, stdin: MESSAGE, fd1File: env });
  assert.equal(r.code, 0, r.stderr);
  const todo = listDir(`${t.home}/queue/todo`);
  assert.equal(todo.length, 1);
  const id = Number(todo[0]);
  const mess = `${t.home}/queue/mess/${id % SPLIT}/${id}`;
  assert.equal(Deno.statSync(mess).ino, id, "mess/N is named by its inode number");
  const text = Deno.readTextFileSync(mess);
  assert.match(
    text,
    /^Received: \(qmail \d+ invoked by uid \d+\); \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d -0000\n/,
  );
  assert.equal(text.slice(text.indexOf("\n") + 1), MESSAGE);
  const todoBytes = Deno.readFileSync(`${t.home}/queue/todo/${id}`);
  const s = new TextDecoder().decode(todoBytes);
  assert.match(s, /^u\d+\0p\d+\0Falice@test\.example\0Tbob@test\.example\0Tcarol@test\.example\0$/);
  assert.deepEqual(listDir(`${t.home}/queue/pid`), []);
});

for (
  const [name, envelope, code] of [
    ["a sender without F exits 91", "Xalice@test.example\0\0", 91],
    ["a recipient without T exits 91", "Falice@test.example\0Xbob@x\0\0", 91],
    ["an envelope cut short exits 54", "Falice@test.example\0Tbob@x", 54],
    ["an empty envelope exits 54", "", 54],
    ["an address of 1003 bytes exits 11", `F${"a".repeat(1003)}\0\0`, 11],
  ] as const
) {
  Deno.test(`qmail-queue: ${name} and leaves nothing behind`, async () => {
    using t = await makeTree("test.example");
    const env = await writeTemp(t.dir, "env", envelope);
    const r = await runQmail("qmail-queue", [], { home: t.home, stdin: MESSAGE, fd1File: env });
    assert.equal(r.code, code);
    assert.deepEqual(listDir(`${t.home}/queue/todo`), []);
    assert.deepEqual(listDir(`${t.home}/queue/intd`), []);
    assert.deepEqual(queueFiles(t.home, "mess"), []);
  });
}

Deno.test("qmail-queue as qmail-inject's QMAILQUEUE reads its envelope from the socket on fd 1", async () => {
  // node:child_process's pipes are socketpairs, which /dev/fd/1 cannot be opened on.
  using t = await makeTree("test.example");
  const r = await runQmail("qmail-inject", ["-falice@test.example", "bob@test.example"], {
    home: t.home,
    env: { QMAILQUEUE: `${t.home}/bin/qmail-queue` },
    stdin: MESSAGE,
  });
  assert.equal(r.code, 0, r.stderr);
  const [todo] = listDir(`${t.home}/queue/todo`);
  const s = new TextDecoder().decode(Deno.readFileSync(`${t.home}/queue/todo/${todo}`));
  assert.match(s, /\0Falice@test\.example\0Tbob@test\.example\0$/);
});

Deno.test("qmail-queue exits 62 when the queue directory is missing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-" });
  try {
    const env = await writeTemp(dir, "env", ENVELOPE);
    const r = await runQmail("qmail-queue", [], { home: dir, stdin: MESSAGE, fd1File: env });
    assert.equal(r.code, 62);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("qmail-queue exits 61 when the qmail home directory is missing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-" });
  try {
    const env = await writeTemp(dir, "env", ENVELOPE);
    const home = `${dir}/nonexistent`;
    const r = await runQmail("qmail-queue", [], { home, stdin: MESSAGE, fd1File: env });
    assert.equal(r.code, 61);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Every todo entry must name a whole message with a whole envelope. */
function assertQueueConsistent(home: string, expectedMessage: Uint8Array): number {
  const todo = listDir(`${home}/queue/todo`);
  for (const name of todo) {
    const id = Number(name);
    const envelope = Deno.readFileSync(`${home}/queue/todo/${name}`);
    const text = new TextDecoder().decode(envelope);
    assert.match(text, /^u\d+\0p\d+\0F/, `todo/${name} starts with u, p, F`);
    const fields = text.slice(text.indexOf("\0F") + 1);
    parseEnvelope(new TextEncoder().encode(fields + "\0"));
    const mess = Deno.readFileSync(`${home}/queue/mess/${id % SPLIT}/${id}`);
    const body = mess.subarray(mess.indexOf(0x0a) + 1);
    assert.deepEqual(body, expectedMessage, `mess/${id} is whole`);
  }
  return todo.length;
}

Deno.test("qmail-queue killed with SIGKILL at random moments never leaves a partial message in todo/", async () => {
  using t = await makeTree("test.example");
  const env = await writeTemp(t.dir, "env", ENVELOPE);
  const line = "x".repeat(99) + "\n";
  const message = new TextEncoder().encode(line.repeat(20000)); // 2 MB
  let queued = 0;
  const rounds = 16;
  for (let round = 0; round < rounds; round++) {
    const child = new Deno.Command("/bin/sh", {
      args: ["-c", 'exec "$@" 1<"$QMT_FD1"', "sh", Deno.execPath(), ...DENO_RUN, "qmail-queue"],
      env: { QMAILHOME: t.home, QMT_FD1: env },
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const writer = child.stdin.getWriter();
    const feeding = (async () => {
      for (let at = 0; at < message.length; at += 65536) {
        await writer.write(message.subarray(at, at + 65536));
      }
      await writer.close();
    })().catch(() => {});
    // Spread the kills over start-up, the message copy, the fsyncs and the envelope.
    const delay = Math.floor(Math.random() * 400);
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch {
        // it finished first
      }
    }, delay);
    const status = await child.status;
    clearTimeout(timer);
    await feeding;
    if (status.success) queued++;
    assertQueueConsistent(t.home, message);
  }
  const total = assertQueueConsistent(t.home, message);
  assert.ok(total >= queued, "every exit-0 run left its message queued");
  assert.ok(total <= rounds);
});
