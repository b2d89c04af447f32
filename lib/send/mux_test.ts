import assert from "node:assert/strict";
import { MuxClient, serveMux } from "./mux.ts";
import { DeferringRemoteDeliverer, NO_REMOTE } from "./remote_defer.ts";
import { ScriptedLocal } from "./_testing.ts";
import type { Cleaner } from "./clean.ts";

Deno.test("qmail-send's requests travel to qmail-start and the answers come back by delivery number", async () => {
  const toStart = new TransformStream<Uint8Array, Uint8Array>();
  const toSend = new TransformStream<Uint8Array, Uint8Array>();
  const cleaned: string[] = [];
  const cleaner: Cleaner = {
    clean: (r, id) => {
      cleaned.push(`${r}/${id}`);
      return Promise.resolve(id === 13 ? "!" : "+");
    },
    close: () => Promise.resolve(),
  };
  let release!: () => void;
  const slow = new Promise<void>((r) => release = r);
  const local = new ScriptedLocal(async (req) => {
    if (req.delivery === 1) await slow;
    return { status: "success", text: `did ${req.recipient}\n` };
  });
  const served = serveMux(toStart.readable, toSend.writable, {
    local,
    remote: new DeferringRemoteDeliverer(),
    cleaner,
    limits: { local: 120, remote: 7 },
  });
  const client = new MuxClient(toSend.readable, toStart.writable);
  assert.deepEqual(await client.limits(), { local: 120, remote: 7 });
  const base = { id: 5, messagePath: "/q/mess/5/5", sender: "s@x" };
  const first = client.local.deliver({ ...base, delivery: 1, recipient: "a\xe9@x" });
  const second = client.local.deliver({ ...base, delivery: 2, recipient: "b@x" });
  assert.deepEqual(await second, { status: "success", text: "did b@x\n" });
  release();
  assert.deepEqual(await first, { status: "success", text: "did a\xe9@x\n" });
  const remote = await client.remote.deliver({
    ...base,
    delivery: 3,
    host: "y",
    recipients: ["c@y"],
  });
  assert.deepEqual(remote.recipients, [{ status: "deferral", text: NO_REMOTE }]);
  assert.deepEqual(
    await Promise.all([client.cleaner.clean("todo", 12), client.cleaner.clean("foop", 13)]),
    ["+", "!"],
  );
  assert.deepEqual(cleaned, ["todo/12", "foop/13"]);
  await client.close();
  await served;
  await client.done;
  assert.ok(client.dead);
  await assert.rejects(client.local.deliver({ ...base, delivery: 4, recipient: "d@x" }));
});
