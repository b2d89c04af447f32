import assert from "node:assert/strict";
import { withControl } from "./_testing.ts";
import { CONTROL_NAMES, type ControlValues, loadControl, readControl } from "./control.ts";
import { CONTROL_FILES } from "./files.ts";
import { ControlError } from "./read.ts";

/** The plain (comparable) part of the values: everything but the parsed maps. */
function plain(v: ControlValues) {
  const { smtproutes, virtualdomains, ...rest } = v;
  return { ...rest, smtproutes: smtproutes.entries, virtualdomains: virtualdomains.entries };
}

Deno.test("every control value defaults as qmail does when control/ is empty and me is missing", () =>
  withControl({}, (home) => {
    assert.deepEqual(plain(loadControl(home)), {
      me: undefined,
      badmailfrom: [],
      bouncefrom: "MAILER-DAEMON",
      bouncehost: "bouncehost",
      concurrencyincoming: undefined,
      concurrencylocal: 10,
      concurrencyremote: 20,
      databytes: 0,
      defaultdelivery: undefined,
      defaultdomain: "defaultdomain",
      defaulthost: "defaulthost",
      doublebouncehost: "doublebouncehost",
      doublebounceto: "postmaster",
      envnoathost: "envnoathost",
      helohost: undefined,
      idhost: "idhost",
      localiphost: undefined,
      locals: undefined,
      morercpthosts: undefined,
      percenthack: [],
      plusdomain: "plusdomain",
      qmqpservers: undefined,
      queuelifetime: 604800,
      rcpthosts: undefined,
      smtpgreeting: undefined,
      smtproutes: [],
      timeoutconnect: 60,
      timeoutremote: 1200,
      timeoutsmtpd: 1200,
      virtualdomains: [],
    });
  }));

Deno.test("host-name control files fall back to me, trailing white space removed", () =>
  withControl({ me: "mail.example.com \t\nsecond line\n" }, (home) => {
    const v = loadControl(home);
    const me = "mail.example.com";
    assert.equal(v.me, me);
    for (
      const name of [
        "bouncehost",
        "defaultdomain",
        "defaulthost",
        "doublebouncehost",
        "envnoathost",
        "helohost",
        "idhost",
        "localiphost",
        "plusdomain",
        "smtpgreeting",
      ] as const
    ) {
      assert.equal(v[name], me, name);
    }
    assert.deepEqual(v.locals, [me]);
    assert.equal(v.bouncefrom, "MAILER-DAEMON");
    assert.equal(v.doublebounceto, "postmaster");
    assert.equal(v.rcpthosts, undefined, "rcpthosts has no me fallback");
  }));

Deno.test("line control files use only their first line, stripped of trailing spaces and tabs", () =>
  withControl({
    me: "me.example",
    bouncefrom: "bounces \t\nignored\n",
    bouncehost: "bh.example\n",
    doublebounceto: "dbl\n",
    helohost: "  helo.example  ", // leading spaces are kept, as in qmail
    smtpgreeting: "mx.example ESMTP welcome\n",
    idhost: "", // an empty file is an empty value, not the default
  }, (home) => {
    assert.equal(readControl(home, "bouncefrom"), "bounces");
    assert.equal(readControl(home, "bouncehost"), "bh.example");
    assert.equal(readControl(home, "doublebounceto"), "dbl");
    assert.equal(readControl(home, "helohost"), "  helo.example");
    assert.equal(readControl(home, "smtpgreeting"), "mx.example ESMTP welcome");
    assert.equal(readControl(home, "idhost"), "");
    assert.equal(readControl(home, "defaulthost"), "me.example");
  }));

Deno.test("numeric control files need a leading digit, else the default applies", () =>
  withControl({
    queuelifetime: "3600 seconds\n",
    concurrencylocal: " 5\n", // leading space: not a number to qmail
    timeoutconnect: "-3\n",
    timeoutremote: "abc\n",
    databytes: "\n",
    concurrencyincoming: "30\n",
  }, (home) => {
    const v = loadControl(home);
    assert.equal(v.queuelifetime, 3600);
    assert.equal(v.concurrencylocal, 10);
    assert.equal(v.timeoutconnect, 60);
    assert.equal(v.timeoutremote, 1200);
    assert.equal(v.databytes, 0);
    assert.equal(v.concurrencyincoming, 30);
  }));

Deno.test("concurrency is capped at the spawn limit 120, 0 holds deliveries, timeoutsmtpd is at least 1", () =>
  withControl({
    concurrencyremote: "500\n",
    concurrencylocal: "0\n",
    timeoutsmtpd: "0\n",
    databytes: "99999999999999\n",
  }, (home) => {
    const v = loadControl(home);
    assert.equal(v.concurrencyremote, 120);
    assert.equal(v.concurrencylocal, 0);
    assert.equal(v.timeoutsmtpd, 1);
    assert.equal(v.databytes, 2147483647);
  }));

Deno.test("list control files skip comments and blank lines and strip trailing white space", () =>
  withControl({
    me: "me.example",
    locals: "# local domains\nexample.com  \n\n  \t\nlocalhost\t\n #not a comment\n",
    rcpthosts: "example.com\n.example.com\n# end", // no final newline
    badmailfrom: "@spam.example\n",
    percenthack: "relay.example\n",
    qmqpservers: "127.0.0.1\n10.0.0.1\n",
    morercpthosts: "more.example\n",
  }, (home) => {
    const v = loadControl(home);
    assert.deepEqual(v.locals, ["example.com", "localhost", " #not a comment"]);
    assert.deepEqual(v.rcpthosts, ["example.com", ".example.com"]);
    assert.deepEqual(v.badmailfrom, ["@spam.example"]);
    assert.deepEqual(v.percenthack, ["relay.example"]);
    assert.deepEqual(v.qmqpservers, ["127.0.0.1", "10.0.0.1"]);
    assert.deepEqual(v.morercpthosts, ["more.example"]);
  }));

Deno.test("an empty rcpthosts allows nothing, unlike a missing one", () =>
  withControl({ rcpthosts: "# nothing\n" }, (home) => {
    assert.deepEqual(readControl(home, "rcpthosts"), []);
  }));

Deno.test("a present locals file replaces the me default even when it lists nothing", () =>
  withControl({ me: "me.example", locals: "\n" }, (home) => {
    assert.deepEqual(readControl(home, "locals"), []);
  }));

Deno.test("smtproutes and virtualdomains are parsed, lines without a colon ignored", () =>
  withControl({
    smtproutes: "# routes\nexample.com:relay.example.net:2525\n:smarthost.example\nbogus\n",
    virtualdomains: "virt.example:joe\n.fax:uucp-fax\nnocolon\n",
  }, (home) => {
    const v = loadControl(home);
    assert.deepEqual(v.smtproutes.entries, [
      { key: "example.com", value: "relay.example.net:2525" },
      { key: "", value: "smarthost.example" },
    ]);
    assert.deepEqual(v.smtproutes.route("EXAMPLE.COM"), {
      relay: "relay.example.net",
      port: 2525,
      matched: "example.com",
    });
    assert.deepEqual(v.virtualdomains.entries, [
      { key: "virt.example", prepend: "joe" },
      { key: ".fax", prepend: "uucp-fax" },
    ]);
  }));

Deno.test("defaultdelivery keeps every line, trailing white space removed", () =>
  withControl({ defaultdelivery: "./Maildir/\n|preline procmail  \n\n" }, (home) => {
    assert.equal(readControl(home, "defaultdelivery"), "./Maildir/\n|preline procmail");
  }));

Deno.test("an unreadable control file is an error, not the default", () =>
  withControl({}, async (home) => {
    await Deno.mkdir(`${home}/control/bouncehost`);
    assert.throws(() => readControl(home, "bouncehost"), ControlError);
  }));

Deno.test("the control-file table lists every typed value, plus morercpthosts.cdb", () => {
  const table = CONTROL_FILES.map((f) => f.name);
  assert.deepEqual([...table].sort(), [...CONTROL_NAMES, "morercpthosts.cdb"].sort());
  assert.deepEqual(table, [...table].sort(), "table is in alphabetical order");
});
