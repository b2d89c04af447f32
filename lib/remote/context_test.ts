import assert from "node:assert/strict";
import { cachedRemoteContext, ControlUnreadable } from "./context.ts";

async function home(): Promise<string> {
  const dir = await Deno.makeTempDir();
  Deno.mkdirSync(`${dir}/control`);
  Deno.writeTextFileSync(`${dir}/control/me`, "me.example\n");
  return dir;
}
const opts = { env: () => undefined, me: new Set<string>() };

Deno.test("cachedRemoteContext keeps the controls for a second, then sees a changed file", async () => {
  const dir = await home();
  try {
    let clock = 0;
    const context = cachedRemoteContext(dir, opts, 1000, () => clock);
    const first = context();
    assert.equal(first.helohost, "me.example");
    assert.equal(first.timeoutRemote, 1200);
    Deno.writeTextFileSync(`${dir}/control/helohost`, "helo.example\n");
    Deno.writeTextFileSync(`${dir}/control/timeoutremote`, "30\n");
    clock = 999;
    assert.equal(context(), first, "not re-read within the second");
    clock = 1000;
    const second = context();
    assert.equal(second.helohost, "helo.example");
    assert.equal(second.timeoutRemote, 30);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cachedRemoteContext does not keep a failure: the next call reads again", async () => {
  const dir = await home();
  try {
    Deno.removeSync(`${dir}/control/me`);
    const context = cachedRemoteContext(dir, opts, 1000, () => 0);
    assert.throws(() => context(), ControlUnreadable);
    Deno.writeTextFileSync(`${dir}/control/helohost`, "helo.example\n");
    assert.equal(context().helohost, "helo.example");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
