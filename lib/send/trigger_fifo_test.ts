import assert from "node:assert/strict";
import { TriggerFifo } from "./trigger_fifo.ts";

async function withFifo(f: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/trigger`;
    const made = await new Deno.Command("mkfifo", { args: [path] }).output();
    assert.ok(made.success);
    await f(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the trigger wakes qmail-send once per pull and closes", async () => {
  await withFifo(async (path) => {
    const fifo = await TriggerFifo.open(path);
    let pulls = 0;
    const pulled = Promise.withResolvers<void>();
    fifo.listen(() => {
      pulls++;
      pulled.resolve();
    });
    const w = await Deno.open(path, { write: true });
    await w.write(new Uint8Array(1));
    w.close();
    await pulled.promise;
    await fifo.close();
    assert.equal(pulls, 1);
  });
});

Deno.test("closing the trigger does not hang when its FIFO was removed under qmail-send", async () => {
  await withFifo(async (path) => {
    const fifo = await TriggerFifo.open(path);
    fifo.listen(() => {});
    await Deno.remove(path);
    await fifo.close(); // the pending read cannot be woken by name: close gives up on it
  });
});
