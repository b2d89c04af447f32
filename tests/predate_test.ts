import assert from "node:assert/strict";
import { runQmail } from "./helpers.ts";

async function withHome(f: (home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir();
  try {
    await f(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("predate gives its child a Date line in local time, then its input", async () => {
  await withHome(async (home) => {
    for (const [tz, zone] of [["UTC", "\\+0000"], ["Asia/Kolkata", "\\+0530"]]) {
      const r = await runQmail("predate", ["cat"], { home, stdin: "hello\n", env: { TZ: tz } });
      assert.match(
        r.stdout,
        new RegExp(`^Date: \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d ${zone}\nhello\n$`),
      );
      assert.equal(r.code, 0);
    }
  });
});

Deno.test("predate exits with its child's exit code", async () => {
  await withHome(async (home) => {
    const r = await runQmail("predate", ["sh", "-c", "cat >/dev/null; exit 7"], {
      home,
      stdin: "x",
    });
    assert.equal(r.code, 7);
  });
});

Deno.test("predate without a child is a usage error (100)", async () => {
  await withHome(async (home) => {
    const r = await runQmail("predate", [], { home });
    assert.deepEqual(r, { code: 100, stdout: "", stderr: "predate: usage: predate child\n" });
  });
});

Deno.test("predate says so when it cannot run the child (111)", async () => {
  await withHome(async (home) => {
    const r = await runQmail("predate", [`${home}/nonexistent`], { home, stdin: "" });
    assert.equal(
      r.stderr,
      `predate: fatal: unable to run ${home}/nonexistent: file does not exist\n`,
    );
    assert.equal(r.code, 111);
  });
});

Deno.test("predate reports a child killed by a signal as crashed (111)", async () => {
  await withHome(async (home) => {
    const r = await runQmail("predate", ["sh", "-c", "kill -9 $$"], { home, stdin: "" });
    assert.equal(r.stderr, "predate: fatal: child crashed\n");
    assert.equal(r.code, 111);
  });
});

Deno.test("predate does not wait for more input once its child has exited", async () => {
  await withHome(async (home) => {
    const main = new URL("../main.ts", import.meta.url).pathname;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-worker-options", "--quiet", main, "predate", "true"],
      env: { QMAILHOME: home },
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    // stdin stays open: predate must still exit with the child's code.
    const status = await child.status;
    await child.stdin.close();
    assert.equal(status.code, 0);
  });
});
