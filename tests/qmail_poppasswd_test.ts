import assert from "node:assert/strict";
import { runQmail } from "./helpers.ts";
import { parsePasswdFile } from "../lib/auth/passwd_file.ts";
import { verifyPassword } from "../lib/auth/hash.ts";

Deno.test("qmail-poppasswd sets, lists and deletes accounts in control/poppasswd (mode 600)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-poppasswd-" });
  try {
    const home = `${dir}/qmail`;
    await Deno.mkdir(`${home}/control`, { recursive: true });
    const file = `${home}/control/poppasswd`;
    assert.equal(
      (await runQmail("qmail-poppasswd", ["set", "joe"], { home, stdin: "s3cret\n" })).code,
      0,
    );
    const set = await runQmail("qmail-poppasswd", [
      "set",
      "-b",
      "-a",
      "ann",
      "1001",
      "1002",
      "/home/ann",
    ], {
      home,
      stdin: "pw2\n",
    });
    assert.equal(set.code, 0, set.stderr);
    assert.equal(Deno.statSync(file).mode! & 0o777, 0o600);
    const entries = parsePasswdFile(Deno.readTextFileSync(file));
    assert.match(entries.get("joe")!.hash, /^\$6\$/);
    assert.equal(await verifyPassword("s3cret", entries.get("joe")!.hash), true);
    const ann = entries.get("ann")!;
    assert.match(ann.hash, /^\$2b\$/);
    assert.equal(await verifyPassword("pw2", ann.hash), true);
    assert.deepEqual([ann.uid, ann.gid, ann.home, ann.apop], [1001, 1002, "/home/ann", "pw2"]);
    assert.equal((await runQmail("qmail-poppasswd", ["list"], { home })).stdout, "joe\nann\n");
    assert.equal((await runQmail("qmail-poppasswd", ["delete", "joe"], { home })).code, 0);
    assert.equal((await runQmail("qmail-poppasswd", ["list"], { home })).stdout, "ann\n");
    assert.equal((await runQmail("qmail-poppasswd", ["delete", "joe"], { home })).code, 100);
    assert.equal((await runQmail("qmail-poppasswd", ["set", "x"], { home, stdin: "" })).code, 100);
    assert.equal(
      (await runQmail("qmail-poppasswd", ["set", "a:b"], { home, stdin: "p\n" })).code,
      100,
    );
    assert.equal((await runQmail("qmail-poppasswd", ["frob"], { home })).code, 100);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
