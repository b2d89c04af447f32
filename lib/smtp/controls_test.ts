import assert from "node:assert/strict";
import { acquireSmtpdControls, loadSmtpdControls } from "./controls.ts";
import { ControlError } from "../control/read.ts";
import { buildCdb } from "../cdb/mod.ts";

async function withControl(files: Record<string, string>, f: (home: string) => void) {
  const home = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${home}/control`);
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${home}/control/${name}`, text);
    }
    f(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("qmail-smtpd's controls default to me, 1200 seconds and no databytes limit", async () => {
  await withControl({ me: "mx.example.com\n" }, (home) => {
    const c = loadSmtpdControls(home);
    assert.equal(c.greeting, "mx.example.com");
    assert.equal(c.localIpHost, "mx.example.com");
    assert.equal(c.timeoutSeconds, 1200);
    assert.equal(c.databytes, 0);
    assert.equal(c.rcptAllowed("a@anywhere.example"), true);
    assert.equal(c.badMailFrom("a@anywhere.example"), false);
    c.close();
  });
});

Deno.test("qmail-smtpd's control files override the defaults", async () => {
  await withControl({
    me: "mx.example.com",
    smtpgreeting: "mail.example.com welcome\n",
    localiphost: "example.com",
    timeoutsmtpd: "0",
    databytes: "5000\n",
    rcpthosts: "example.com\n# comment\n",
    badmailfrom: "@spam.example\n",
  }, (home) => {
    const c = loadSmtpdControls(home);
    assert.equal(c.greeting, "mail.example.com welcome");
    assert.equal(c.localIpHost, "example.com");
    assert.equal(c.timeoutSeconds, 1);
    assert.equal(c.databytes, 5000);
    assert.equal(c.rcptAllowed("a@example.com"), true);
    assert.equal(c.rcptAllowed("a@other.example"), false);
    assert.equal(c.rcptAllowed("a@sub.example.com"), false);
    assert.equal(c.rcptAllowed("postmaster"), true);
    assert.equal(c.badMailFrom("x@SPAM.example"), true);
    assert.equal(c.badMailFrom("x@ok.example"), false);
    c.close();
  });
});

Deno.test("qmail-smtpd refuses to run without smtpgreeting or me", async () => {
  await withControl({}, (home) => {
    assert.throws(() => loadSmtpdControls(home), ControlError);
  });
});

Deno.test("morercpthosts.cdb extends rcpthosts, and is ignored without rcpthosts", async () => {
  const cdb = buildCdb([["more.example", ""], [".wildmore.example", ""]]);
  await withControl({ me: "mx.example.com", rcpthosts: "example.com\n" }, (home) => {
    Deno.writeFileSync(`${home}/control/morercpthosts.cdb`, cdb);
    const c = loadSmtpdControls(home);
    assert.equal(c.rcptAllowed("a@example.com"), true);
    assert.equal(c.rcptAllowed("a@MORE.example"), true);
    assert.equal(c.rcptAllowed("a@x.wildmore.example"), true);
    assert.equal(c.rcptAllowed("a@other.example"), false);
    c.close();
    Deno.removeSync(`${home}/control/rcpthosts`);
    const open = loadSmtpdControls(home);
    assert.equal(open.rcptAllowed("a@other.example"), true);
    open.close();
  });
});

Deno.test("acquireSmtpdControls shares controls for a second, then reads them again", () => {
  const home = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${home}/control`);
    Deno.writeTextFileSync(`${home}/control/me`, "one.example\n");
    const a = acquireSmtpdControls(home, 10_000);
    Deno.writeTextFileSync(`${home}/control/me`, "two.example\n");
    const b = acquireSmtpdControls(home, 10_500);
    assert.equal(b.controls, a.controls);
    assert.equal(b.controls.greeting, "one.example");
    const c = acquireSmtpdControls(home, 11_000);
    assert.equal(c.controls.greeting, "two.example");
    a.release();
    b.release();
    c.release();
    c.release(); // twice is harmless
  } finally {
    Deno.removeSync(home, { recursive: true });
  }
});
