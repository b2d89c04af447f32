import assert from "node:assert/strict";
import { ExitError } from "../cli/exit.ts";
import { QueueError } from "../queue/errors.ts";
import type { Submission } from "../queue/submit.ts";
import { InjectError } from "./errors.ts";
import { bytesToLatin1 } from "../text/latin1.ts";
import { chunksOf, type InjectIO, runInject } from "./run.ts";

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Runs runInject in a temporary QMAILHOME with control/me; returns what it printed and queued. */
async function run(
  args: string[],
  chunks: string[],
  opts: { env?: Record<string, string>; submit?: (s: Submission) => Promise<void> } = {},
) {
  const home = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${home}/control`);
    await Deno.writeTextFile(`${home}/control/me`, "heaven.af.mil\n");
    const printed: Uint8Array[] = [];
    const queued: { envelope?: Submission["envelope"]; message: Uint8Array[] } = { message: [] };
    const env: Record<string, string> = { USER: "joe", ...opts.env };
    const io: InjectIO = {
      home,
      env: (n) => env[n],
      now: new Date(Date.UTC(2001, 0, 2, 3, 4, 5)),
      pid: 99,
      stdin: ReadableStream.from(chunks.map(enc)),
      stdout: {
        write(p) {
          printed.push(p.slice());
          return Promise.resolve(p.length);
        },
      },
      submit: opts.submit ?? (async (s) => {
        queued.envelope = s.envelope;
        const m = s.message;
        if (m instanceof Uint8Array) queued.message.push(m);
        else for await (const c of m) queued.message.push(c.slice());
      }),
    };
    await runInject(args, io);
    const join = (a: Uint8Array[]) => a.map(bytesToLatin1).join("");
    return { printed: join(printed), queued: join(queued.message), envelope: queued.envelope };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("runInject queues the rewritten message with its envelope", async () => {
  const r = await run([], ["To: fred\n\nhello\n"]);
  assert.equal(r.printed, "");
  assert.deepEqual(r.envelope, { sender: "joe@heaven.af.mil", recipients: ["fred@heaven.af.mil"] });
  assert.equal(
    r.queued,
    "Date: 2 Jan 2001 03:04:05 -0000\nMessage-ID: <20010102030405.99.qmail@heaven.af.mil>\n" +
      "From: joe@heaven.af.mil\nTo: fred@heaven.af.mil\n\nhello\n",
  );
});

Deno.test("runInject -n prints the message with a Return-Path line and queues nothing", async () => {
  const r = await run(["-n"], ["To: fred\n\nhello\n"]);
  assert.match(r.printed, /^Return-Path: <joe@heaven\.af\.mil>\nDate: /);
  assert.equal(r.envelope, undefined);
});

Deno.test("runInject reads a header split across many small chunks", async () => {
  const text = "To: fred,\n barney\nSubject: chunked\n\nbody \xff\x80 bytes\nlast";
  const r = await run(["-n"], [...text]);
  assert.match(r.printed, /^To: fred@heaven\.af\.mil, barney@heaven\.af\.mil$/m);
  assert.ok(r.printed.endsWith("Subject: chunked\n\nbody \xff\x80 bytes\nlast\n"));
});

Deno.test("runInject passes a large body through unchanged", async () => {
  const body = Array.from({ length: 5000 }, (_, i) => `line ${i} \x00\xfe\n`).join("");
  const r = await run([], ["To: fred\n\n", body.slice(0, 70000), body.slice(70000)]);
  assert.ok(r.queued.endsWith(`\n\n${body}`));
});

Deno.test("runInject maps a permanent queue failure to exit 100 with qmail-queue's text", async () => {
  await assert.rejects(
    run([], ["To: fred\n\n"], { submit: () => Promise.reject(new QueueError(31)) }),
    (e) => {
      assert.ok(e instanceof InjectError);
      assert.equal(e.code, 100);
      assert.equal(e.message, "mail server permanently rejected message (#5.3.0)");
      return true;
    },
  );
});

Deno.test("runInject maps a temporary queue failure to exit 111", async () => {
  await assert.rejects(
    run([], ["To: fred\n\n"], { submit: () => Promise.reject(new QueueError(53)) }),
    (e) => e instanceof InjectError && e.code === 111 && /disk full/.test(e.message),
  );
});

Deno.test("runInject reports a bad option before reading the message", async () => {
  await assert.rejects(run(["-t"], []), (e) => e instanceof ExitError && e.code === 100);
});

Deno.test("runInject reads QMAILMFTFILE", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/lists`, "# my lists\n\nsos@heaven.af.mil  \n");
    const r = await run(["-n"], ["To: sos@heaven.af.mil\n\n"], {
      env: { QMAILMFTFILE: `${dir}/lists` },
    });
    assert.match(r.printed, /^Mail-Followup-To: sos@heaven\.af\.mil$/m);
    const missing = await run(["-n"], ["To: sos@heaven.af.mil\n\n"], {
      env: { QMAILMFTFILE: `${dir}/none` },
    });
    assert.doesNotMatch(missing.printed, /Followup/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runInject fails temporarily when QMAILHOME is not a directory", async () => {
  const io = {
    home: "/nonexistent/qmail/home",
    env: () => undefined,
    now: new Date(0),
    pid: 1,
    stdin: ReadableStream.from([] as Uint8Array[]),
    stdout: Deno.stdout,
    submit: () => Promise.resolve(),
  };
  await assert.rejects(runInject([], io), (e) => e instanceof InjectError && e.code === 111);
});

Deno.test("chunksOf reads with readSync when the reader has it (Deno.stdin)", async () => {
  const parts = [enc("To: fred\n"), enc("\nhello\n")];
  const reader = {
    read(): Promise<number | null> {
      throw new Error("read instead of readSync");
    },
    readSync(p: Uint8Array): number | null {
      const next = parts.shift();
      if (!next) return null;
      p.set(next);
      return next.length;
    },
  };
  const got: string[] = [];
  for await (const c of chunksOf(reader)) got.push(bytesToLatin1(c));
  assert.deepEqual(got, ["To: fred\n", "\nhello\n"]);
});
