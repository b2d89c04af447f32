import assert from "node:assert/strict";
import { formatPasswdLine, parsePasswdFile } from "./passwd_file.ts";

Deno.test("the password file keeps every field, and the APOP secret may hold colons", () => {
  const m = parsePasswdFile("# c\n\njoe:$6$s$h:1:2:/home/joe:/bin/sh:a:b:c\nann:*::::\n");
  assert.deepEqual(m.get("joe"), {
    name: "joe",
    hash: "$6$s$h",
    uid: 1,
    gid: 2,
    home: "/home/joe",
    shell: "/bin/sh",
    apop: "a:b:c",
  });
  assert.deepEqual(m.get("ann"), { name: "ann", hash: "*" });
});

Deno.test("malformed lines and repeated names are skipped and reported", () => {
  const bad: number[] = [];
  const m = parsePasswdFile("joe\njoe:h:x:1\nann:h\nann:h2\n", (n) => bad.push(n));
  assert.deepEqual([...m.keys()], ["ann"]);
  assert.equal(m.get("ann")?.hash, "h");
  assert.deepEqual(bad, [1, 2, 4]);
});

Deno.test("formatting round-trips and refuses colons where they would break the line", () => {
  const e = { name: "joe", hash: "$6$s$h", uid: 5, home: "/h", apop: "x:y" };
  assert.equal(formatPasswdLine(e), "joe:$6$s$h:5::/h::x:y");
  assert.deepEqual(parsePasswdFile(formatPasswdLine(e)).get("joe"), e);
  assert.throws(() => formatPasswdLine({ name: "a:b", hash: "h" }));
});
