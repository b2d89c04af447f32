import assert from "node:assert/strict";
import { listDir, makeTree, queueFiles, runQmail } from "./helpers.ts";
import { SPLIT } from "../lib/queue/layout.ts";

Deno.test("a fresh single-user tree takes a message from sendmail -t and shows it in qmail-qstat and qmail-qread", async () => {
  using t = await makeTree("test.example");
  const sent = await runQmail("sendmail", ["-t", "-f", "alice@test.example"], {
    home: t.home,
    stdin: "To: bob@test.example\nSubject: hi\n\nbody\n",
  });
  assert.equal(sent.code, 0, sent.stderr);

  const qstat = await runQmail("qmail-qstat", [], { home: t.home });
  assert.equal(qstat.code, 0);
  assert.equal(
    qstat.stdout,
    "messages in queue: 1\nmessages in queue but not yet preprocessed: 1\n",
  );

  const qread = await runQmail("qmail-qread", [], { home: t.home });
  assert.equal(qread.code, 0);
  assert.match(qread.stdout, /<alice@test\.example>/);
  assert.match(qread.stdout, /bob@test\.example/);

  const [mess] = queueFiles(t.home, "mess");
  const id = Number(mess.split("/").pop());
  assert.equal(mess, `mess/${id % SPLIT}/${id}`);
  assert.equal(Deno.statSync(`${t.home}/queue/${mess}`).ino, id, "named by its inode number");
  assert.deepEqual(listDir(`${t.home}/queue/todo`), [String(id)]);
  const text = Deno.readTextFileSync(`${t.home}/queue/${mess}`);
  assert.match(text, /^Received: \(qmail \d+ invoked by uid \d+\);/);
  assert.match(text, /\nSubject: hi\n\nbody\n$/);
});
