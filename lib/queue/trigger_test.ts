import assert from "node:assert/strict";
import { pullTrigger } from "./trigger.ts";

async function fifo(): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix: "qmt-" });
  const path = `${dir}/trigger`;
  const r = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(r.success);
  return { dir, path };
}

Deno.test("pullTrigger with nobody reading returns at once and leaves nothing pending", async () => {
  const { dir, path } = await fifo();
  await pullTrigger(path);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("pullTrigger wakes a reader with one byte", async () => {
  const { dir, path } = await fifo();
  using reader = Deno.openSync(path, { read: true, write: true });
  await pullTrigger(path);
  const buf = new Uint8Array(8);
  assert.equal(await reader.read(buf), 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("pullTrigger on a missing trigger does nothing", async () => {
  await pullTrigger("/nonexistent/lock/trigger");
});
