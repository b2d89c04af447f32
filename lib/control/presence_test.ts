import assert from "node:assert/strict";
import { mayExist } from "./presence.ts";

Deno.test("mayExist sees a control file created or removed after it listed the directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-" });
  try {
    assert.equal(mayExist(`${dir}/databytes`), false);
    Deno.writeTextFileSync(`${dir}/databytes`, "100\n");
    assert.equal(mayExist(`${dir}/databytes`), true);
    Deno.removeSync(`${dir}/databytes`);
    assert.equal(mayExist(`${dir}/databytes`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mayExist says maybe when the directory cannot be read", () => {
  assert.equal(mayExist("/nonexistent/dir/file"), true);
});
