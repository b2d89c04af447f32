import assert from "node:assert/strict";
import { parsePw2uArgs, pw2u, PW2U_DEFAULTS, Pw2uError } from "./pw2u.ts";

const PASSWD = [
  "root:x:0:0:root:/root:/bin/sh",
  "alias:x:7790:2108::/var/qmail/alias:/bin/true",
  "joe:x:507:100:Joe:/home/joe:/bin/sh",
  "Bob:x:508:100::/home/Bob:/bin/sh",
  "gone:x:509:100::/home/gone:/bin/sh",
  "www:x:33:33::/var/www:/bin/sh",
  "short:x:1:1",
  "",
].join("\n");

const OWNERS: Record<string, number | "missing"> = {
  "/var/qmail/alias": 7790,
  "/home/joe": 507,
  "/home/Bob": 508,
  "/home/gone": "missing",
  "/var/www": 0,
};
const owner = (h: string) => OWNERS[h] ?? "missing";

Deno.test("qmail-pw2u by default: skips uid 0, uppercase, missing and foreign homes; alias gets +", () => {
  assert.equal(
    pw2u(PASSWD, PW2U_DEFAULTS, {}, owner, "alias"),
    "+:alias:7790:2108:/var/qmail/alias:-::\n" +
      "=alias:alias:7790:2108:/var/qmail/alias:::\n" +
      "+alias-:alias:7790:2108:/var/qmail/alias:-::\n" +
      "=joe:joe:507:100:/home/joe:::\n" +
      "+joe-:joe:507:100:/home/joe:-::\n" +
      ".\n",
  );
});

Deno.test("qmail-pw2u -h stops on a missing home; -H looks at no home; -u allows uppercase", () => {
  assert.throws(
    () => pw2u(PASSWD, { ...PW2U_DEFAULTS, homeStrategy: 1 }, {}, owner, "alias"),
    (e) => e instanceof Pw2uError && e.message === "unable to stat /home/gone",
  );
  const all = pw2u(
    PASSWD,
    { ...PW2U_DEFAULTS, homeStrategy: 0, noUpper: false },
    {},
    owner,
    "alias",
  );
  for (const u of ["=Bob:Bob:508", "=gone:gone:509", "=www:www:33"]) assert.ok(all.includes(u), u);
});

Deno.test("qmail-pw2u -c, -C and -/ change the wildcard lines", () => {
  const c = pw2u(PASSWD, { ...PW2U_DEFAULTS, brk: "+" }, {}, owner, "alias");
  assert.ok(c.includes("+joe+:joe:507:100:/home/joe:-::\n"));
  const none = pw2u(PASSWD, { ...PW2U_DEFAULTS, brk: "" }, {}, owner, "alias");
  assert.ok(!none.includes("+joe"));
  const slash = pw2u(PASSWD, { ...PW2U_DEFAULTS, dashColon: "-/:" }, {}, owner, "alias");
  assert.ok(slash.includes("+joe-:joe:507:100:/home/joe:-/::\n"));
  assert.deepEqual(parsePw2uArgs(["-h", "-cx", "-/"]), {
    homeStrategy: 1,
    noUpper: true,
    brk: "x",
    dashColon: "-/:",
  });
  assert.equal(parsePw2uArgs(["-c"]), undefined);
  assert.equal(parsePw2uArgs(["-z"]), undefined);
  assert.equal(parsePw2uArgs(["-C"])!.brk, "");
});

Deno.test("qmail-pw2u obeys include, exclude, mailnames, subusers and append", () => {
  assert.throws(
    () => pw2u(PASSWD, PW2U_DEFAULTS, { exclude: ["ALIAS"] }, owner, "alias"),
    (e) => e instanceof Pw2uError && e.message === "unable to find alias user",
  );
  const inc = pw2u(PASSWD, PW2U_DEFAULTS, { include: ["alias"] }, owner, "alias");
  assert.ok(!inc.includes("joe"));
  const out = pw2u(
    PASSWD,
    PW2U_DEFAULTS,
    {
      mailnames: ["joe:joe.shmoe:js"],
      subusers: "sos:joe:sos:\n",
      append: "=extra:joe:507:100:/home/joe:::\n",
    },
    owner,
    "alias",
  );
  assert.ok(
    out.endsWith(
      "=joe.shmoe:joe:507:100:/home/joe:::\n" +
        "+joe.shmoe-:joe:507:100:/home/joe:-::\n" +
        "=js:joe:507:100:/home/joe:::\n" +
        "+js-:joe:507:100:/home/joe:-::\n" +
        "=sos:joe:507:100:/home/joe:-:sos:\n" +
        "+sos-:joe:507:100:/home/joe:-:sos-:\n" +
        "=extra:joe:507:100:/home/joe:::\n" +
        ".\n",
    ),
    out,
  );
  assert.ok(!out.includes("=joe:"), "mailnames replace the user name");
  assert.throws(
    () => pw2u(PASSWD, PW2U_DEFAULTS, { subusers: "x:nobody:x:\n" }, owner, "alias"),
    (e) => e instanceof Pw2uError && e.message === "unable to find nobody user for subuser",
  );
});
