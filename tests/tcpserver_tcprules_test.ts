/**
 * denoqmail's tcprules against ucspi-tcp's own (Debian package ucspi-tcp,
 * installed by the test): the same rules compile to the same cdb, byte for
 * byte, and both databases give the same decisions — ucspi-tcp's
 * tcprulescheck reading denoqmail's cdb, denoqmail's lookup reading ucspi-tcp's.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Cdb } from "../lib/cdb/reader.ts";
import { lookupRules, type RemoteIdentity } from "../lib/tcprules/lookup.ts";
import { ensureProgram, runQmail } from "./helpers.ts";

const RULES = [
  "# the FAQ's and the install guide's rules, and the corner cases of the syntax",
  'joe@127.0.0.1:allow,WHO="joe"',
  '127.0.0.1:allow,RELAYCLIENT=""',
  '127.:allow,RELAYCLIENT="",TCPLOCALHOST="movie.edu"',
  "10.0.:allow,RELAYCLIENT=/@fix.me/",
  "18.23.0.32:deny",
  '1.2.3.37-53:deny,WHY="range"',
  '10.2-3.:allow,NET="ten"',
  '=mx.example.com:allow,HOST="exact"',
  "=.example.com:deny",
  '=:allow,NAMED="yes"',
  '192.168.:allow,X="first",X="second"',
  "  ",
  "no colon here",
  "9.9.9.9:allow   ",
  ':allow,DEFAULT="1"',
].join("\n") + "\n";

/** Connections to ask both about. */
const WHO: RemoteIdentity[] = [
  { ip: "127.0.0.1" },
  { ip: "127.0.0.1", info: "joe" },
  { ip: "127.0.0.1", info: "bill" },
  { ip: "127.5.5.5" },
  { ip: "10.0.9.9" },
  { ip: "18.23.0.32" },
  { ip: "1.2.3.36" },
  { ip: "1.2.3.37" },
  { ip: "1.2.3.53" },
  { ip: "1.2.3.54" },
  { ip: "10.2.1.1" },
  { ip: "10.3.1.1" },
  { ip: "10.4.1.1" },
  { ip: "8.8.8.8", host: "mx.example.com" },
  { ip: "8.8.8.8", host: "other.example.com" },
  { ip: "8.8.8.8", host: "host.example.org" },
  { ip: "192.168.1.1" },
  { ip: "9.9.9.9" },
  { ip: "203.0.113.5" },
];

/** What tcprulescheck prints for a decision. */
function describe(d: ReturnType<typeof lookupRules>): string {
  if (!d) return "default:\nallow connection\n";
  // tcprulescheck stops at the D, which tcprules writes before any variable.
  const lines = [`rule ${d.key}:`];
  if (!d.deny) { for (const [k, v] of d.env) lines.push(`set environment variable ${k}=${v}`); }
  lines.push(d.deny ? "deny connection" : "allow connection");
  return lines.join("\n") + "\n";
}

async function output(cmd: string, args: string[], env: Record<string, string>, stdin?: string) {
  const child = new Deno.Command(cmd, {
    args,
    env,
    clearEnv: true,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
}

Deno.test("tcprules: denoqmail and ucspi-tcp compile the same rules to the same cdb and decisions", async () => {
  const tcprules = await ensureProgram("tcprules", "ucspi-tcp");
  const check = await ensureProgram("tcprulescheck", "ucspi-tcp");
  if (!tcprules || !check) {
    console.log("skipped: ucspi-tcp cannot be installed");
    return;
  }
  const dir = await Deno.makeTempDir({ prefix: "qmt-tcprules-" });
  try {
    const theirs = await output(tcprules, [`${dir}/ucspi.cdb`, `${dir}/ucspi.tmp`], {}, RULES);
    assert.equal(theirs.code, 0);
    const ours = await runQmail("tcprules", [`${dir}/ours.cdb`, `${dir}/ours.tmp`], {
      home: dir,
      stdin: RULES,
    });
    assert.equal(ours.code, 0, ours.stderr);
    assert.deepEqual(
      Deno.readFileSync(`${dir}/ours.cdb`),
      Deno.readFileSync(`${dir}/ucspi.cdb`),
      "the two databases differ",
    );
    using theirDb = Cdb.openSync(`${dir}/ucspi.cdb`);
    for (const who of WHO) {
      const env: Record<string, string> = { TCPREMOTEIP: who.ip };
      if (who.host) env.TCPREMOTEHOST = who.host;
      if (who.info) env.TCPREMOTEINFO = who.info;
      const verdict = await output(check, [`${dir}/ours.cdb`], env);
      assert.equal(verdict.stdout, describe(lookupRules(theirDb, who)), JSON.stringify(who));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tcprules: both refuse the same bad line with the same words and exit code", async () => {
  const tcprules = await ensureProgram("tcprules", "ucspi-tcp");
  if (!tcprules) {
    console.log("skipped: ucspi-tcp cannot be installed");
    return;
  }
  const dir = await Deno.makeTempDir({ prefix: "qmt-tcprules-" });
  try {
    const bad = "1.2.3.4:allow\n5.6.7.8:allow,NOVALUE  \n";
    const theirs = await new Deno.Command("/bin/sh", {
      args: ["-c", `"$0" "$1/u.cdb" "$1/u.tmp" 2>&1`, tcprules, dir],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const w = theirs.stdin.getWriter();
    await w.write(new TextEncoder().encode(bad));
    await w.close();
    const t = await theirs.output();
    const ours = await runQmail("tcprules", [`${dir}/o.cdb`, `${dir}/o.tmp`], {
      home: dir,
      stdin: bad,
    });
    assert.equal(ours.code, t.code);
    assert.equal(ours.stderr, new TextDecoder().decode(t.stdout));
    assert.throws(() => Deno.statSync(`${dir}/o.cdb`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
