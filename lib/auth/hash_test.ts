import assert from "node:assert/strict";
import { dummyHashLike, makeHash, supportedHash, verifyPassword } from "./hash.ts";

Deno.test("makeHash makes SHA-512-crypt by default, and it verifies", async () => {
  const h = await makeHash("pw");
  assert.match(h, /^\$6\$[^$]{16}\$/);
  assert.equal(await verifyPassword("pw", h), true);
  assert.equal(await verifyPassword("px", h), false);
});

Deno.test("bcrypt hashes verify through bcryptjs", async () => {
  const h = await makeHash("pw", "bcrypt");
  assert.match(h, /^\$2b\$10\$/);
  assert.equal(await verifyPassword("pw", h), true);
  assert.equal(await verifyPassword("px", h), false);
  // Made by Python's bcrypt / htpasswd -B style $2y$.
  const y = h.replace(/^\$2b\$/, "$2y$");
  assert.equal(await verifyPassword("pw", y), true);
});

Deno.test("unsupported hashes never verify", async () => {
  for (const h of ["*", "!", "", "$y$j9T$abc$def", "$1$salt$hash", "plain"]) {
    assert.equal(supportedHash(h), false);
    assert.equal(await verifyPassword(h, h), false);
  }
});

Deno.test("dummy hashes keep the scheme and cost of their model", () => {
  assert.match(dummyHashLike("$6$rounds=9000$x$y"), /^\$6\$rounds=9000\$[^$]{16}\$.{86}$/);
  assert.match(dummyHashLike("$5$x$y"), /^\$5\$[^$]{16}\$.{43}$/);
  const b = dummyHashLike("$2b$12$" + "a".repeat(53));
  assert.match(b, /^\$2b\$12\$[./A-Za-z0-9]{53}$/);
  assert.equal(supportedHash(b), true);
  assert.match(dummyHashLike(undefined), /^\$6\$/);
});
