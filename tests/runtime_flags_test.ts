import assert from "node:assert/strict";
import { DENO_FLAGS, selfCommand } from "../lib/cli/self.ts";
import { compileArgs } from "../packaging/compile.ts";

const root = new URL("../", import.meta.url).pathname;

Deno.test("main.ts's shebang, the deno.json tasks, deno compile and self-runs all carry DENO_FLAGS", () => {
  const shebang = Deno.readTextFileSync(`${root}main.ts`).split("\n")[0];
  const tasks = JSON.parse(Deno.readTextFileSync(`${root}deno.json`)).tasks as Record<
    string,
    string
  >;
  const runs: [string, string][] = [
    ["main.ts shebang", shebang],
    ["task start", tasks.start],
    ["task qmail", tasks.qmail],
    ["deno compile", compileArgs().join(" ")],
  ];
  const before = Deno.env.get("QMAIL_SELF");
  Deno.env.set("QMAIL_SELF", `${root}main.ts`);
  try {
    runs.push(["selfCommand", selfCommand("qmail-send")[1].join(" ")]);
  } finally {
    if (before === undefined) Deno.env.delete("QMAIL_SELF");
    else Deno.env.set("QMAIL_SELF", before);
  }
  for (const [what, line] of runs) {
    for (const flag of DENO_FLAGS) {
      assert.ok(line.split(" ").includes(flag), `${what} lacks ${flag}: ${line}`);
    }
  }
});
