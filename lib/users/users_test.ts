import assert from "node:assert/strict";
import { AssignFormatError, compileAssign } from "./assign.ts";
import { lookupAssign, parseNughde } from "./lookup.ts";
import { formatNughde, getpw, GetpwError, QLX } from "./getpw.ts";
import { buildCdb, Cdb } from "../cdb/mod.ts";
import { latin1ToBytes } from "../text/latin1.ts";
import type { PasswdEntry } from "../ids/accounts.ts";

function db(assign: string): Cdb {
  const c = compileAssign(assign);
  const recs: [Uint8Array, Uint8Array][] = c.records.map(([k, v]) => [
    latin1ToBytes(k),
    latin1ToBytes(v),
  ]);
  recs.push([new Uint8Array(0), latin1ToBytes(c.wildchars)]);
  return Cdb.fromBytes(buildCdb(recs));
}

Deno.test("qmail-newu keys: `!local\\0` for = lines, `!loc` for + lines, six fields joined by NUL", () => {
  const c = compileAssign(
    "=Joe.Shmoe:joe:503:78:/home/joe:::\n+joe-:joe:507:100:/home/joe:-::extra:\n.\n",
  );
  assert.deepEqual(c.records, [
    ["!joe.shmoe\0", "joe\x00503\x0078\0/home/joe\0\0"],
    ["!joe-", "joe\x00507\x00100\0/home/joe\0-\0"],
  ]);
  assert.equal(c.wildchars, "-");
});

Deno.test("qmail-newu rejects lines without a newline, colons, local part, or the final dot", () => {
  for (
    const bad of [
      "=joe:joe:1:2:/h:::", // no newline, no dot
      "=joe:joe:1:2:/h::\n.\n", // five colons
      "=:joe:1:2:/h:::\n.\n", // empty local part... the key char only
      ":joe:1:2:/h:::\n.\n",
      "=jo\0e:joe:1:2:/h:::\n.\n",
      "=joe:joe:1:2:/h:::\n",
    ]
  ) {
    if (bad.startsWith("=:")) continue; // "=" alone is the key char: local "" is allowed
    assert.throws(() => compileAssign(bad), AssignFormatError, JSON.stringify(bad));
  }
  assert.deepEqual(compileAssign(".\n").records, []);
  assert.deepEqual(compileAssign(".").records, []);
});

Deno.test("users/cdb lookups follow qmail-users(5)'s example: exact over wildcard, longest wildcard", () => {
  const d = db(
    "+:alias:7790:2108:/var/qmail/alias:-::\n" +
      "+joe-:joe:507:100:/home/joe:-::\n" +
      "=joe:joe:507:100:/home/joe:::\n.\n",
  );
  const get = (l: string) => parseNughde(lookupAssign(d, l)!);
  assert.deepEqual(get("joe"), {
    user: "joe",
    uid: 507,
    gid: 100,
    home: "/home/joe",
    dash: "",
    ext: "",
  });
  assert.deepEqual(get("joe-Direct"), { ...get("joe"), dash: "-", ext: "Direct" });
  assert.deepEqual(get("JOE-direct"), { ...get("joe"), dash: "-", ext: "direct" });
  assert.deepEqual(get("bill"), {
    user: "alias",
    uid: 7790,
    gid: 2108,
    home: "/var/qmail/alias",
    dash: "-",
    ext: "bill",
  });
});

Deno.test("a wildcard prefix is tried only where it ends in a wildcard character", () => {
  const d = db("+jo:jo:1:1:/h/jo:-::\n+joe-:joe:2:2:/h/joe:-:pre-:\n.\n");
  // "+jo" adds 'o' to wildchars: "joX" matches "jo" + "X".
  assert.equal(parseNughde(lookupAssign(d, "joe-x")!)!.ext, "pre-x");
  assert.equal(parseNughde(lookupAssign(d, "jox")!)!.ext, "x");
  assert.equal(lookupAssign(d, "bill"), undefined);
});

const pw = (name: string, uid: number, home = `/home/${name}`): PasswdEntry => ({
  name,
  uid,
  gid: 100,
  gecos: "",
  home,
  shell: "/bin/sh",
});

Deno.test("qmail-getpw: longest user prefix at a dash, uid 0 and foreign homes skipped, alias catches the rest", () => {
  const users = new Map([
    ["joe", pw("joe", 1001)],
    ["joe-list", pw("joe-list", 1002)],
    ["root", pw("root", 0, "/root")],
    ["www", pw("www", 33, "/var/www")],
    ["alias", pw("alias", 7790, "/var/qmail/alias")],
  ]);
  const owners = new Map([
    ["/home/joe", 1001],
    ["/home/joe-list", 1002],
    ["/root", 0],
    ["/var/www", 0],
    ["/var/qmail/alias", 7790],
  ]);
  const src = {
    user: (n: string) => users.get(n),
    owner: (p: string) => owners.get(p),
    alias: () => users.get("alias"),
  };
  assert.deepEqual(getpw("Joe", src), {
    user: "joe",
    uid: 1001,
    gid: 100,
    home: "/home/joe",
    dash: "",
    ext: "",
  });
  const j = getpw("joe-foo-bar", src);
  assert.deepEqual([j.user, j.dash, j.ext], ["joe", "-", "foo-bar"]);
  const l = getpw("joe-list-x", src);
  assert.deepEqual([l.user, l.ext], ["joe-list", "x"]);
  for (const who of ["root", "www", "nobody", "joefoo"]) {
    const a = getpw(who, src);
    assert.deepEqual([a.user, a.dash, a.ext], ["alias", "-", who]);
  }
  assert.throws(
    () => getpw("x", { ...src, alias: () => undefined }),
    (e) => e instanceof GetpwError && e.code === QLX.NOALIAS,
  );
  assert.throws(
    () =>
      getpw("joe", {
        ...src,
        owner: () => {
          throw new Error("EIO");
        },
      }),
    (e) => e instanceof GetpwError && e.code === QLX.NFS,
  );
  assert.equal(formatNughde(j), "joe\x001001\x00100\0/home/joe\0-\0foo-bar\0");
});
