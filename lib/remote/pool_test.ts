import assert from "node:assert/strict";
import { fakeConnector, fakeContext, fakeDns, rr } from "./_testing.ts";
import { remoteDeliver } from "./deliver.ts";
import { SessionPool } from "./pool.ts";

const zone = fakeDns({
  "MX one.test": [rr.mx("one.test", 10, "mx.one.test")],
  "A mx.one.test": [rr.a("mx.one.test", "127.0.0.2")],
  "CNAME one.test": [],
  "MX two.test": [rr.mx("two.test", 10, "mx.two.test")],
  "A mx.two.test": [rr.a("mx.two.test", "127.0.0.3")],
  "CNAME two.test": [],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("SessionPool closes each idle session when its own idle time is up", async () => {
  const { connector, log } = fakeConnector({ "127.0.0.2": {}, "127.0.0.3": {} });
  const pool = new SessionPool({ idleMs: 300 });
  const ctx = fakeContext({ dns: zone, connector, pool });
  const message = new TextEncoder().encode("hi\n");
  await remoteDeliver({ host: "one.test", sender: "", recipients: ["a@one.test"], message }, ctx);
  await sleep(150);
  await remoteDeliver({ host: "two.test", sender: "", recipients: ["a@two.test"], message }, ctx);
  assert.equal(pool.size, 2);
  await sleep(225); // one.test's session idle for 375 ms, two.test's for 225 ms
  assert.equal(pool.size, 1);
  assert.equal(log.commands.filter((c) => c === "QUIT").length, 1);
  await sleep(200);
  assert.equal(pool.size, 0);
  assert.equal(log.commands.filter((c) => c === "QUIT").length, 2);
  await pool.close();
});
