/**
 * qmail-newmrh run as users run it (main.ts, sandboxed) on a temporary tree.
 */
import assert from "node:assert/strict";
import { buildCdb } from "../lib/cdb/build.ts";
import { RcptHosts } from "../lib/control/rcpthosts.ts";
import { listDir, runQmail } from "./helpers.ts";

async function withHome(body: (home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "qmt-newmrh-" });
  try {
    await Deno.mkdir(`${home}/control`);
    await body(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("qmail-newmrh compiles control/morercpthosts into morercpthosts.cdb for rcpthosts", () =>
  withHome(async (home) => {
    await Deno.writeTextFile(`${home}/control/rcpthosts`, "example.com\n");
    await Deno.writeTextFile(
      `${home}/control/morercpthosts`,
      "# more domains\nMore.Example \n\n.wild.example\n",
    );
    const r = await runQmail("qmail-newmrh", [], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, "");
    assert.deepEqual(listDir(`${home}/control`), [
      "morercpthosts",
      "morercpthosts.cdb",
      "rcpthosts",
    ]);
    assert.deepEqual(
      await Deno.readFile(`${home}/control/morercpthosts.cdb`),
      buildCdb([["more.example", ""], [".wild.example", ""]]),
    );
    using rh = RcptHosts.load(home);
    assert.ok(rh.allows("joe@more.example"));
    assert.ok(rh.allows("joe@a.wild.example"));
    assert.ok(rh.allows("joe@example.com"));
    assert.ok(!rh.allows("joe@other.example"));
  }));

Deno.test("qmail-newmrh replaces an existing database", () =>
  withHome(async (home) => {
    await Deno.writeFile(`${home}/control/morercpthosts.cdb`, buildCdb([["old.example", ""]]));
    await Deno.writeTextFile(`${home}/control/morercpthosts`, "new.example\n");
    const r = await runQmail("qmail-newmrh", [], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      await Deno.readFile(`${home}/control/morercpthosts.cdb`),
      buildCdb([["new.example", ""]]),
    );
  }));

Deno.test("qmail-newmrh without morercpthosts exits 111 and leaves morercpthosts.cdb alone", () =>
  withHome(async (home) => {
    const old = buildCdb([["old.example", ""]]);
    await Deno.writeFile(`${home}/control/morercpthosts.cdb`, old);
    const r = await runQmail("qmail-newmrh", [], { home });
    assert.equal(r.code, 111);
    assert.match(r.stderr, /^qmail-newmrh: fatal: unable to read control\/morercpthosts: /);
    assert.deepEqual(await Deno.readFile(`${home}/control/morercpthosts.cdb`), old);
    assert.deepEqual(listDir(`${home}/control`), ["morercpthosts.cdb"]);
  }));
