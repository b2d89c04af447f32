import assert from "node:assert/strict";
import { deliverMaildir, uniqueName } from "./maildir.ts";
import { appendMessage, deliverMbox, mboxBody, needsQuote } from "./mbox.ts";
import { LocalExit } from "./exit.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const cat = (chunks: Uint8Array[]) => dec(new Uint8Array(chunks.flatMap((c) => [...c])));

function tempDir(): { dir: string } & Disposable {
  const dir = Deno.makeTempDirSync({ prefix: "qmt-writers-" });
  return { dir, [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }) };
}

function maildir(path: string) {
  for (const s of ["tmp", "new", "cur"]) Deno.mkdirSync(`${path}/${s}`, { recursive: true });
}

Deno.test("mbox body: >From quoting after any number of >, a missing last newline added, blank line after", () => {
  assert.ok(needsQuote(enc("From x\n")));
  assert.ok(needsQuote(enc(">>From x\n")));
  assert.ok(!needsQuote(enc("From\n")));
  assert.ok(!needsQuote(enc(" From x\n")));
  assert.equal(
    cat(mboxBody(enc("Subject: a\n\nFrom me\n>From you\nlast"))),
    "Subject: a\n\n>From me\n>>From you\nlast\n\n",
  );
  assert.equal(cat(mboxBody(enc(""))), "\n");
});

Deno.test("mbox delivery appends From_, Return-Path, Delivered-To and the message; 0600 when created", async () => {
  using t = tempDir();
  const path = `${t.dir}/Mailbox`;
  await deliverMbox(path, "./Mailbox", enc("From a@b X\nRP\nDT\n"), enc("one\n"));
  await deliverMbox(path, "./Mailbox", enc("From a@b Y\n"), enc("From two"));
  assert.equal(
    Deno.readTextFileSync(path),
    "From a@b X\nRP\nDT\none\n\nFrom a@b Y\n>From two\n\n",
  );
  assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
});

Deno.test("mbox delivery waits for the lock and gives up with qmail's text", async () => {
  using t = tempDir();
  const path = `${t.dir}/Mailbox`;
  Deno.writeTextFileSync(path, "old\n");
  using holder = Deno.openSync(path, { read: true, write: true });
  holder.lockSync(true);
  await assert.rejects(
    deliverMbox(path, "./Mailbox", enc("From x\n"), enc("m\n"), 200),
    (e) =>
      e instanceof LocalExit && e.code === 111 &&
      e.text === "File has been locked for 30 seconds straight. (#4.3.0)",
  );
  holder.unlockSync();
  assert.equal(Deno.readTextFileSync(path), "old\n");
});

Deno.test("an mbox write failure truncates the file back: no partial message stays", async () => {
  let data = enc("old mail\n");
  let budget = 20; // bytes the "disk" takes before it is full
  const f = {
    write(p: Uint8Array) {
      if (budget <= 0) return Promise.reject(Object.assign(new Error("full"), { code: "ENOSPC" }));
      const n = Math.min(p.length, budget);
      budget -= n;
      data = new Uint8Array([...data, ...p.subarray(0, n)]);
      return Promise.resolve(n);
    },
    seek: () => Promise.resolve(data.length),
    sync: () => Promise.resolve(),
    truncate(len = 0) {
      data = data.slice(0, len);
      return Promise.resolve();
    },
  };
  await assert.rejects(appendMessage(f, true, enc("From x\n"), enc("a long message body\n")));
  assert.equal(dec(data), "old mail\n");
});

Deno.test("an mbox that cannot be opened defers with the name as the .qmail line gives it", async () => {
  using t = tempDir();
  await assert.rejects(
    deliverMbox(`${t.dir}/no/such/dir/Mailbox`, "./no/such/dir/Mailbox", enc(""), enc("")),
    (e) =>
      e instanceof LocalExit &&
      e.text === "Unable to open ./no/such/dir/Mailbox: file does not exist. (#4.2.1)",
  );
});

Deno.test("maildir delivery: one file in new/ with the head first, tmp/ left empty, unique names", async () => {
  using t = tempDir();
  maildir(`${t.dir}/Maildir`);
  await Promise.all(
    Array.from(
      { length: 50 },
      (_, i) => deliverMaildir(`${t.dir}/Maildir/`, [enc("RP\nDT\n"), enc(`m${i}\n`)]),
    ),
  );
  const names = [...Deno.readDirSync(`${t.dir}/Maildir/new`)].map((e) => e.name);
  assert.equal(names.length, 50);
  assert.deepEqual([...Deno.readDirSync(`${t.dir}/Maildir/tmp`)], []);
  const bodies = names.map((n) => Deno.readTextFileSync(`${t.dir}/Maildir/new/${n}`)).sort();
  assert.ok(bodies.every((b) => b.startsWith("RP\nDT\nm")));
  assert.notEqual(uniqueName(), uniqueName());
  assert.match(uniqueName(), /^\d+\.M\d+P\d+Q\d+\.[^/:]+$/);
});

Deno.test("maildir failures defer and leave nothing behind in tmp/ or new/", async () => {
  using t = tempDir();
  await assert.rejects(
    deliverMaildir(`${t.dir}/Missing/`, [enc("x")]),
    (e) => e instanceof LocalExit && e.text === "Unable to chdir to maildir. (#4.2.1)",
  );
  Deno.mkdirSync(`${t.dir}/Half/tmp`, { recursive: true }); // no new/: the link fails
  await assert.rejects(
    deliverMaildir(`${t.dir}/Half/`, [enc("x")]),
    (e) => e instanceof LocalExit && e.text === "Temporary error on maildir delivery. (#4.3.0)",
  );
  assert.deepEqual([...Deno.readDirSync(`${t.dir}/Half/tmp`)], []);
});
