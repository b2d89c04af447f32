import assert from "node:assert/strict";
import { buildCdb } from "../cdb/build.ts";
import { withControl } from "./_testing.ts";
import { CONTROL_FILES } from "./files.ts";
import { printable, showControls, SHOWN_FILES } from "./showctl.ts";

function names(home: string): string[] {
  return [...Deno.readDirSync(`${home}/control`)].map((e) => e.name);
}

/** The text after `name: ` for one file in the showctl output. */
function entry(out: string, name: string): string {
  const m = new RegExp(`\\n${name.replace(".", "\\.")}: ([^]*?)\\n(?=\\n|$)`).exec(out);
  assert.ok(m, `no entry for ${name}`);
  return m[1];
}

Deno.test("showctl has a text for every control file in the table, in table order", () =>
  withControl({}, (home) => {
    assert.deepEqual([...SHOWN_FILES].sort(), CONTROL_FILES.map((f) => f.name).sort());
    const out = showControls(home, []);
    const order = [...out.matchAll(/^([a-z.]+): /gm)].map((m) => m[1]);
    assert.deepEqual(order, CONTROL_FILES.map((f) => f.name));
  }));

Deno.test("showctl marks missing files (Default.) and names the me fallback", () =>
  withControl({ me: "mail.example.com\n" }, (home) => {
    const out = showControls(home, names(home));
    assert.equal(entry(out, "me"), "This host is mail.example.com.");
    assert.equal(entry(out, "bouncehost"), "(Default.) Bounces are from host mail.example.com.");
    assert.equal(
      entry(out, "queuelifetime"),
      "(Default.) Messages may stay in the queue for 604800 seconds.",
    );
    assert.equal(entry(out, "locals"), "(Default.) Delivered here: mail for mail.example.com.");
    assert.match(entry(out, "rcpthosts"), /^\(Default\.\) .*open relay/);
  }));

Deno.test("showctl says which programs refuse to run when me is missing", () =>
  withControl({}, (home) => {
    const out = showControls(home, []);
    assert.match(entry(out, "me"), /^\(Default\.\) Not set!/);
    assert.match(entry(out, "smtpgreeting"), /qmail-smtpd will not run/);
    assert.match(entry(out, "helohost"), /qmail-remote will not run/);
    assert.match(entry(out, "locals"), /qmail-send will not start/);
    assert.match(entry(out, "bouncehost"), /host bouncehost \(set me!\)/);
  }));

Deno.test("showctl prints set values, lists one item per line, and numbers as read", () =>
  withControl({
    me: "me.example",
    concurrencyremote: "300\n",
    databytes: "1000000\n",
    badmailfrom: "# spammers\n@spam.example\njoe@example.com\n",
    smtproutes: ":smarthost.example:2525\n",
  }, (home) => {
    const out = showControls(home, names(home));
    assert.equal(
      entry(out, "concurrencyremote"),
      "Up to 300 remote deliveries at once. qmail-send caps this at 120.",
    );
    assert.equal(entry(out, "databytes"), "SMTP refuses messages over 1000000 bytes.");
    assert.equal(
      entry(out, "badmailfrom"),
      "\nRefused as envelope sender: @spam.example.\nRefused as envelope sender: joe@example.com.",
    );
    assert.equal(entry(out, "smtproutes"), "\nSMTP route: :smarthost.example:2525.");
  }));

Deno.test("showctl lists unknown files in control/ by name", () =>
  withControl({ me: "me.example", "servercert.pem": "x", aaa: "" }, (home) => {
    const out = showControls(home, names(home));
    assert.ok(out.endsWith(
      "\naaa: No qmail program is known to read this file.\n" +
        "\nservercert.pem: No qmail program is known to read this file.\n",
    ));
    assert.ok(!out.includes("\nme: No qmail"));
  }));

Deno.test("showctl shows bytes outside printable ASCII as ?", () =>
  withControl({ me: "m\u00e9\tx\n" }, (home) => {
    assert.equal(printable("a\u00e9\x01b"), "a??b");
    // é is two bytes in UTF-8, each shown as ?, and so is the tab
    assert.equal(entry(showControls(home, []), "me"), "This host is m???x.");
  }));

Deno.test("showctl reports a control file it cannot read", () =>
  withControl({ me: "me.example" }, async (home) => {
    await Deno.mkdir(`${home}/control/bouncefrom`);
    assert.equal(entry(showControls(home, []), "bouncefrom"), "Oops! Unable to read this file.");
  }));

Deno.test("showctl checks morercpthosts.cdb against morercpthosts", async (t) => {
  const cdb = buildCdb([["a.example", ""], ["b.example", ""]]);
  const cases: [string, Record<string, string>, Uint8Array | undefined, RegExp][] = [
    ["neither", {}, undefined, /^\(Default\.\)/],
    ["cdb only", {}, cdb, /no morercpthosts/],
    ["text only", { morercpthosts: "a.example\n" }, undefined, /never compiled/],
    ["stale", { morercpthosts: "a.example\nc.example\n" }, cdb, /does not match/],
    ["current", { morercpthosts: "B.example\n# x\na.example\n" }, cdb, /^Up to date .*2 domains/],
  ];
  for (const [name, files, db, want] of cases) {
    await t.step(name, () =>
      withControl({ rcpthosts: "x.example\n", ...files }, async (home) => {
        if (db) await Deno.writeFile(`${home}/control/morercpthosts.cdb`, db);
        assert.match(entry(showControls(home, names(home)), "morercpthosts.cdb"), want);
      }));
  }
});

Deno.test("showctl says morercpthosts changes nothing without rcpthosts", () =>
  withControl({ morercpthosts: "a.example\n" }, (home) => {
    assert.match(entry(showControls(home, []), "morercpthosts"), /without rcpthosts/);
  }));
