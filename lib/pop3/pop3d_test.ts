import assert from "node:assert/strict";
import { servePop3d } from "./pop3d.ts";
import { makeMaildir, MemoryClient } from "./_testing.ts";

function tempDir(): { dir: string } & Disposable {
  const dir = Deno.makeTempDirSync({ prefix: "qmt-pop3d-" });
  return { dir, [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }) };
}

function start(maildir: string, timeoutSeconds = 60) {
  const c = new MemoryClient();
  const done = servePop3d(c.toServer, c.fromServer, { maildir, timeoutSeconds })
    .finally(() => c.fromServer.close());
  return { c, done };
}

function names(dir: string, sub: string): string[] {
  return [...Deno.readDirSync(`${dir}/${sub}`)].map((e) => e.name).sort();
}

Deno.test("a session lists, retrieves byte-stuffed, deletes at QUIT and moves the rest to cur/", async () => {
  using t = tempDir();
  makeMaildir(t.dir, [["1.a", "S: 1\n\n.dot\n"], ["2.b", "S: 2\n\nx\n"], ["3.c", "S: 3\n\ny\n"]]);
  const { c, done } = start(t.dir);
  assert.equal(await c.line(), "+OK ");
  assert.equal(await c.command("STAT"), "+OK 3 27");
  assert.equal(await c.command("RETR 1"), "+OK ");
  assert.deepEqual(await c.multiline(), ["S: 1", "", "..dot", ""]);
  assert.equal(await c.command("DELE 2"), "+OK ");
  assert.equal(await c.command("QUIT"), "+OK ");
  assert.equal(await done, 0);
  assert.deepEqual(names(t.dir, "new"), []);
  assert.deepEqual(names(t.dir, "cur"), ["1.a:2,", "3.c:2,"]);
});

Deno.test("a dropped connection removes and moves nothing", async () => {
  using t = tempDir();
  makeMaildir(t.dir, [["1.a", "x\n"], ["2.b", "y\n"]]);
  const { c, done } = start(t.dir);
  await c.line();
  assert.equal(await c.command("DELE 1"), "+OK ");
  assert.equal(await c.command("DELE 2"), "+OK ");
  c.toServer.close();
  assert.equal(await done, 0);
  assert.deepEqual(names(t.dir, "new"), ["1.a", "2.b"]);
});

Deno.test("an idle client is dropped after the timeout, and nothing is removed", async () => {
  using t = tempDir();
  makeMaildir(t.dir, [["1.a", "x\n"]]);
  const { c, done } = start(t.dir, 0.05);
  await c.line();
  assert.equal(await c.command("DELE 1"), "+OK ");
  assert.equal(await done, 0);
  assert.equal(await c.line(), null);
  assert.deepEqual(names(t.dir, "new"), ["1.a"]);
});

Deno.test("UIDL stays the same across sessions while the message moves from new/ to cur/", async () => {
  using t = tempDir();
  makeMaildir(t.dir, [["1700000000.M1P2.host", "x\n"]]);
  for (let i = 0; i < 2; i++) {
    const { c, done } = start(t.dir);
    await c.line();
    assert.equal(await c.command("UIDL 1"), "+OK 1 1700000000.M1P2.host");
    await c.command("QUIT");
    await done;
  }
  assert.deepEqual(names(t.dir, "cur"), ["1700000000.M1P2.host:2,"]);
});

Deno.test("a message gone before RETR gets -ERR and the session goes on", async () => {
  using t = tempDir();
  makeMaildir(t.dir, [["1.a", "x\n"]]);
  const { c, done } = start(t.dir);
  await c.line();
  Deno.removeSync(`${t.dir}/new/1.a`);
  assert.equal(await c.command("RETR 1"), "-ERR unable to open that message");
  assert.equal(await c.command("NOOP"), "+OK ");
  assert.equal(await c.command("QUIT"), "+OK ");
  await done;
});

Deno.test("no Maildir: -ERR this user has no $HOME/Maildir", async () => {
  using t = tempDir();
  const { c, done } = start(`${t.dir}/Maildir`);
  assert.equal(await c.line(), "-ERR this user has no $HOME/Maildir");
  assert.equal(await done, 0);
});

Deno.test("a command line too long is refused, and bare LF lines are accepted as qmail does", async () => {
  using t = tempDir();
  makeMaildir(t.dir, []);
  const { c, done } = start(t.dir);
  await c.line();
  assert.equal(await c.command("NOOP " + "x".repeat(5000)), "-ERR syntax error");
  await c.toServer.write(new TextEncoder().encode("STAT\n"));
  assert.equal(await c.line(), "+OK 0 0");
  assert.equal(await c.command("QUIT"), "+OK ");
  await done;
});

Deno.test("a 20 MB message streams whole, line ends CRLF, dots doubled", async () => {
  using t = tempDir();
  const line =
    "0123456789abcdefghijklmnopqrstuvwxyz.............................................\n";
  const body = "Subject: big\n\n" + (".x\n" + line.repeat(99)).repeat(2500);
  makeMaildir(t.dir, [["1.big", body]]);
  const { c, done } = start(t.dir);
  await c.line();
  assert.equal(await c.command("RETR 1"), "+OK ");
  const lines = await c.multiline();
  assert.equal(lines.length, 2 + 2500 * 100 + 1);
  assert.equal(lines[2], "..x");
  assert.equal(lines[3], line.slice(0, -1));
  assert.equal(lines.at(-1), "");
  await c.command("QUIT");
  await done;
});
