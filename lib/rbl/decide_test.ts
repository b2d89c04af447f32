import assert from "node:assert/strict";
import { decide, type RblLookup, rblName } from "./decide.ts";
import { parseRblArgs } from "./options.ts";

/** A DNS of fixed answers; names in `failing` fail temporarily. */
function fakeDns(
  txt: Record<string, string[]>,
  a: Record<string, string[]> = {},
  failing: string[] = [],
): RblLookup & { asked: string[] } {
  const asked: string[] = [];
  const answer = (table: Record<string, string[]>) => (name: string) => {
    asked.push(name);
    if (failing.includes(name)) return Promise.reject(new Error("SERVFAIL"));
    return Promise.resolve(table[name] ?? []);
  };
  return { txt: answer(txt), a: answer(a), asked };
}

function run(args: string[], ip: string, dns: RblLookup, rblsmtpd?: string) {
  return decide({ ip, rblsmtpd, sources: parseRblArgs([...args, "smtpd"]).sources, lookup: dns });
}

Deno.test("rblName reverses IPv4 parts and IPv6 nibbles", () => {
  assert.equal(rblName("192.0.2.7", "zen.example"), "7.2.0.192.zen.example");
  assert.equal(
    rblName("2001:db8::1", "bl.example"),
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example",
  );
  assert.equal(rblName("", "bl.example"), "bl.example");
});

Deno.test("rblsmtpd: a TXT record lists the client with 451 and its text", async () => {
  const dns = fakeDns({ "2.0.0.127.bl.example": ["listed: see", " http://bl.example/"] });
  assert.deepEqual(await run(["-r", "bl.example"], "127.0.0.2", dns), {
    block: true,
    reply: "451 listed: see http://bl.example/",
  });
  assert.deepEqual(await run(["-r", "bl.example"], "127.0.0.3", dns), { block: false });
});

Deno.test("rblsmtpd: -b bounces listed clients with 553; -B after it restores 451", async () => {
  const dns = fakeDns({ "2.0.0.127.bl.example": ["listed"] });
  assert.equal(
    (await run(["-b", "-r", "bl.example"], "127.0.0.2", dns) as {
      reply: string;
    }).reply,
    "553 listed",
  );
  assert.equal(
    (await run(["-b", "-B", "-r", "bl.example"], "127.0.0.2", dns) as {
      reply: string;
    }).reply,
    "451 listed",
  );
  // Options count from where they stand: -b after -r does not change that source.
  assert.equal(
    (await run(["-r", "bl.example", "-b"], "127.0.0.2", dns) as {
      reply: string;
    }).reply,
    "451 listed",
  );
});

Deno.test("rblsmtpd: sources are tried in order until one decides; -a anti-lists", async () => {
  const dns = fakeDns(
    { "2.0.0.127.bl.example": ["listed"] },
    { "2.0.0.127.white.example": ["127.0.0.1"] },
  );
  assert.deepEqual(await run(["-a", "white.example", "-r", "bl.example"], "127.0.0.2", dns), {
    block: false,
  });
  assert.deepEqual(dns.asked, ["2.0.0.127.white.example"]);
  assert.equal(
    (await run(["-r", "bl.example", "-a", "white.example"], "127.0.0.2", dns)).block,
    true,
  );
});

Deno.test("rblsmtpd: an empty TXT record does not list", async () => {
  const dns = fakeDns({ "2.0.0.127.bl.example": [""] });
  assert.deepEqual(await run(["-r", "bl.example"], "127.0.0.2", dns), { block: false });
});

Deno.test("rblsmtpd: temporary failures fail open by default, closed with -c", async () => {
  const dns = fakeDns({}, {}, ["2.0.0.127.bl.example", "2.0.0.127.white.example"]);
  assert.deepEqual(await run(["-r", "bl.example"], "127.0.0.2", dns), { block: false });
  assert.deepEqual(await run(["-c", "-r", "bl.example"], "127.0.0.2", dns), {
    block: true,
    reply: "451 temporary RBL lookup error",
  });
  // -C: a failed anti-RBL lookup anti-lists; -c: it does not.
  const listed = fakeDns({ "2.0.0.127.bl.example": ["listed"] }, {}, [
    "2.0.0.127.white.example",
  ]);
  assert.deepEqual(await run(["-a", "white.example", "-r", "bl.example"], "127.0.0.2", listed), {
    block: false,
  });
  // After a temporary failure the reply is 451 even with -b.
  assert.deepEqual(
    await run(["-c", "-b", "-a", "white.example", "-r", "bl.example"], "127.0.0.2", listed),
    { block: true, reply: "451 listed" },
  );
});

Deno.test("rblsmtpd: $RBLSMTPD skips (empty), blocks with 451, or with 553 after a hyphen", async () => {
  const dns = fakeDns({ "2.0.0.127.bl.example": ["listed"] });
  assert.deepEqual(await run(["-r", "bl.example"], "127.0.0.2", dns, ""), { block: false });
  assert.deepEqual(await run([], "10.0.0.1", dns, "go away"), {
    block: true,
    reply: "451 go away",
  });
  assert.deepEqual(await run([], "10.0.0.1", dns, "-go away"), {
    block: true,
    reply: "553 go away",
  });
  assert.deepEqual(dns.asked, [], "no lookups once $RBLSMTPD decides");
});

Deno.test("rblsmtpd: the text is cut at 200 bytes and made printable ASCII", async () => {
  const long = "x".repeat(300);
  const r = await run([], "1.2.3.4", fakeDns({}), `a\tb\u00e9${long}`);
  assert.ok(r.block);
  assert.equal(r.reply, `451 a?b??${"x".repeat(195)}`);
});
