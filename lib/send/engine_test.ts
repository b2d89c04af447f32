import assert from "node:assert/strict";
import { makeQueueHome, queueMessage, ScriptedLocal, startSend } from "./_testing.ts";
import { queuePath } from "../queue/layout.ts";
import { fromBytes } from "./bytes.ts";
import { NO_REMOTE } from "./remote_defer.ts";
import { TOO_LONG } from "./deliveries.ts";

function queueLeft(home: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of Deno.readDirSync(`${home}/queue/${rel}`)) {
      if (e.isDirectory) walk(`${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`);
    }
  };
  for (const d of ["mess", "info", "local", "remote", "todo", "intd", "bounce", "pid"]) walk(d);
  return out.sort();
}

Deno.test("qmail-send delivers a local message and logs it as qmail-log(5) says", async () => {
  const home = await makeQueueHome();
  try {
    const id = await queueMessage(home, "joe@example.com", ["bob@example.com"]);
    const size = Deno.statSync(queuePath(`${home}/queue`, "mess", id)).size;
    const local = new ScriptedLocal();
    const run = startSend(home, local);
    await run.waitFor(/^end msg /);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(run.log.lines, [
      "status: local 0/10 remote 0/20\n",
      `new msg ${id}\n`,
      `info msg ${id}: bytes ${size} from <joe@example.com> qp 4242 uid 1000\n`,
      `starting delivery 1: msg ${id} to local bob@example.com\n`,
      "status: local 1/10 remote 0/20\n",
      "delivery 1: success: did_0+0+1//\n",
      "status: local 0/10 remote 0/20\n",
      `end msg ${id}\n`,
      "status: exiting\n",
    ]);
    assert.equal(local.requests[0].sender, "joe@example.com");
    assert.equal(local.requests[0].recipient, "bob@example.com");
    assert.equal(local.requests[0].messagePath, queuePath(`${home}/queue`, "mess", id));
    assert.deepEqual(queueLeft(home), []);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
