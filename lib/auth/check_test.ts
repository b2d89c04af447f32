import assert from "node:assert/strict";
import { type AccountSources, apopDigest, checkCredentials, parseCredentials } from "./check.ts";
import { parsePasswdFile } from "./passwd_file.ts";
import { shaCrypt } from "./sha_crypt.ts";
import { parseShadow } from "./shadow.ts";

const JOE_HASH = shaCrypt("secret", "$6$rounds=1000$joesalt");
const FILE = [
  "# name:hash:uid:gid:home:shell:apop",
  `joe:${JOE_HASH}:1001:1002:/home/joe::`,
  `ann:${shaCrypt("annpw", "$6$rounds=1000$annsalt")}:::::ann's apop: secret`,
  "locked:*:1003:1003:/home/locked::",
  "",
].join("\n");

function sources(extra: Partial<AccountSources> = {}): AccountSources {
  return {
    file: parsePasswdFile(FILE),
    system: (name) =>
      name === "ann" || name === "sys"
        ? { name, uid: 2000, gid: 2001, gecos: "", home: `/home/${name}`, shell: "/bin/bash" }
        : undefined,
    ...extra,
  };
}

/** A verifier that records which hashes it was asked to check. */
function recording() {
  const seen: string[] = [];
  const verify = (password: string, hash: string) => {
    seen.push(hash);
    return Promise.resolve(shaCrypt(password, hash) === hash);
  };
  return { seen, verify };
}

Deno.test("the right password gives the account from the file", async () => {
  const r = await checkCredentials({ user: "joe", password: "secret", timestamp: "" }, sources());
  assert.deepEqual(r, {
    ok: true,
    via: "password",
    account: { name: "joe", uid: 1001, gid: 1002, home: "/home/joe", shell: "/bin/sh" },
  });
});

Deno.test("empty fields are taken from the system account of the same name", async () => {
  const r = await checkCredentials({ user: "ann", password: "annpw", timestamp: "" }, sources());
  assert.ok(r.ok);
  assert.deepEqual(r.account, {
    name: "ann",
    uid: 2000,
    gid: 2001,
    home: "/home/ann",
    shell: "/bin/bash",
  });
});

Deno.test("an unknown user is checked against a dummy hash of the same scheme and cost", async () => {
  const { seen, verify } = recording();
  const r = await checkCredentials(
    { user: "nobody", password: "secret", timestamp: "" },
    sources(),
    verify,
  );
  assert.deepEqual(r, { ok: false, reason: "unknown user" });
  assert.equal(seen.length, 1);
  assert.match(seen[0], /^\$6\$rounds=1000\$[^$]{16}\$[./0-9A-Za-z]{86}$/);
  assert.notEqual(seen[0], JOE_HASH);
});

Deno.test("a wrong password costs exactly one hash check, like an unknown user", async () => {
  const { seen, verify } = recording();
  const r = await checkCredentials(
    { user: "joe", password: "wrong", timestamp: "" },
    sources(),
    verify,
  );
  assert.deepEqual(r, { ok: false, reason: "wrong password" });
  assert.deepEqual(seen, [JOE_HASH]);
});

Deno.test("a locked entry never matches, even its own text, but still costs one check", async () => {
  const { seen, verify } = recording();
  const r = await checkCredentials(
    { user: "locked", password: "*", timestamp: "" },
    sources(),
    verify,
  );
  assert.equal(r.ok, false);
  assert.equal(seen.length, 1);
});

Deno.test("APOP: the MD5 digest of timestamp and secret logs in; a wrong digest does not", async () => {
  const ts = "<1896.697170952@dbc.mtview.ca.us>";
  // RFC 1939's own example.
  assert.equal(apopDigest(ts, "tanstaaf"), "c4c9334bac560ecc979e58001b3e22fb");
  const digest = apopDigest(ts, "ann's apop: secret");
  const ok = await checkCredentials({ user: "ann", password: digest, timestamp: ts }, sources());
  assert.ok(ok.ok);
  assert.equal(ok.via, "apop");
  const other = "<1.2@elsewhere>";
  const bad = await checkCredentials(
    { user: "ann", password: digest, timestamp: other },
    sources(),
  );
  assert.equal(bad.ok, false);
  const noApop = await checkCredentials(
    { user: "joe", password: apopDigest(ts, "secret"), timestamp: ts },
    sources(),
  );
  assert.equal(noApop.ok, false);
});

Deno.test("system accounts log in through /etc/shadow only when enabled", async () => {
  const shadow = parseShadow(`sys:${shaCrypt("syspw", "$6$rounds=1000$s")}:19000:0:99999:7:::\n`);
  const creds = { user: "sys", password: "syspw", timestamp: "" };
  assert.equal((await checkCredentials(creds, sources())).ok, false);
  const r = await checkCredentials(creds, sources({ shadow: (n) => shadow.get(n) }));
  assert.ok(r.ok);
  assert.equal(r.account.uid, 2000);
  const wrong = await checkCredentials(
    { ...creds, password: "x" },
    sources({ shadow: (n) => shadow.get(n) }),
  );
  assert.deepEqual(wrong, { ok: false, reason: "wrong password" });
});

Deno.test("an entry without uid/gid/home and without a system account is refused", async () => {
  const file = parsePasswdFile(`ghost:${JOE_HASH}::::\n`);
  const r = await checkCredentials(
    { user: "ghost", password: "secret", timestamp: "" },
    { file, system: () => undefined },
  );
  assert.deepEqual(r, { ok: false, reason: "no such system account" });
});

Deno.test("the fd 3 input is user, password and an optional timestamp, NUL-terminated", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(parseCredentials(enc("joe\0pw\0<1.2@h>\0")), {
    user: "joe",
    password: "pw",
    timestamp: "<1.2@h>",
  });
  assert.deepEqual(parseCredentials(enc("joe\0pw\0")), {
    user: "joe",
    password: "pw",
    timestamp: "",
  });
  assert.equal(parseCredentials(enc("joe\0pw")), undefined);
  assert.equal(parseCredentials(enc("\0pw\0")), undefined);
});
