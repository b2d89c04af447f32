import assert from "node:assert/strict";
import { ExitError } from "../cli/exit.ts";
import type { ServerCall, ServerEnv } from "../net/inprocess.ts";
import type { RblLookup } from "./decide.ts";
import { rblsmtpd } from "./server.ts";

const noDns: RblLookup = {
  txt: (name) => Promise.resolve(name.startsWith("2.0.0.127.") ? ["listed"] : []),
  a: () => Promise.resolve([]),
};

function call(args: string[], env: ServerEnv, input = "QUIT\r\n") {
  const logged: string[] = [];
  const ran: { argv: string[]; env: ServerEnv }[] = [];
  let heard = "";
  let sent = false;
  const c: ServerCall = {
    input: {
      read(p) {
        if (sent) return Promise.resolve(null);
        sent = true;
        const b = new TextEncoder().encode(input);
        p.set(b);
        return Promise.resolve(b.length);
      },
    },
    output: {
      write(p) {
        heard += new TextDecoder().decode(p);
        return Promise.resolve(p.length);
      },
    },
    env,
    args,
    home: "/nonexistent",
    id: 42,
    log: (l) => logged.push(l),
    exec: (argv, e) => {
      ran.push({ argv, env: e });
      return Promise.resolve(7);
    },
  };
  return { c, logged, ran, heard: () => heard };
}

Deno.test("rblsmtpd runs its program with the same environment when the client is not listed", async () => {
  const env = { TCPREMOTEIP: "127.0.0.3", RELAYCLIENT: "" };
  const t = call(["-r", "bl.example", "qmail-smtpd", "arg"], env);
  assert.equal(await rblsmtpd(t.c, noDns), 7);
  assert.deepEqual(t.ran, [{ argv: ["qmail-smtpd", "arg"], env }]);
  assert.equal(t.heard(), "");
});

Deno.test("rblsmtpd answers a listed client itself and logs it as rblsmtpd does", async () => {
  const t = call(["-r", "bl.example", "qmail-smtpd"], { TCPREMOTEIP: "127.0.0.2" });
  assert.equal(await rblsmtpd(t.c, noDns), 0);
  assert.deepEqual(t.ran, []);
  assert.equal(t.heard(), "220 rblsmtpd.local\r\n221 rblsmtpd.local\r\n");
  assert.deepEqual(t.logged, ["rblsmtpd: 127.0.0.2 pid 42: 451 listed"]);
});

Deno.test("rblsmtpd with a bad command line exits 100 with its usage", async () => {
  const t = call(["-z", "qmail-smtpd"], {});
  await assert.rejects(rblsmtpd(t.c, noDns), (e) => e instanceof ExitError && e.code === 100);
  await assert.rejects(rblsmtpd(call([], {}).c, noDns), ExitError);
});
