import assert from "node:assert/strict";
import { parseFlags, resolveConfig } from "./config.ts";
import { unparse } from "./token822.ts";
import { InjectError } from "./errors.ts";

const cfg = (env: Record<string, string>, control = {}) => resolveConfig((n) => env[n], control);
const text = (t: Parameters<typeof unparse>[0]) => unparse(t).trim();

Deno.test("the From user is QMAILUSER, else MAILUSER, else USER, else LOGNAME, else anonymous", () => {
  const all = { QMAILUSER: "q", MAILUSER: "m", USER: "u", LOGNAME: "l" };
  assert.equal(cfg(all).user, "q");
  assert.equal(cfg({ MAILUSER: "m", USER: "u", LOGNAME: "l" }).user, "m");
  assert.equal(cfg({ USER: "u", LOGNAME: "l" }).user, "u");
  assert.equal(cfg({ LOGNAME: "l" }).user, "l");
  assert.equal(cfg({}).user, "anonymous");
});

Deno.test("the From host is QMAILHOST, else MAILHOST, else none", () => {
  assert.equal(cfg({ QMAILHOST: "q.org", MAILHOST: "m.org" }).host, "q.org");
  assert.equal(cfg({ MAILHOST: "m.org" }).host, "m.org");
  assert.equal(cfg({}).host, undefined);
});

Deno.test("the personal name is QMAILNAME, else MAILNAME, else NAME", () => {
  assert.equal(cfg({ QMAILNAME: "Q", MAILNAME: "M", NAME: "N" }).name, "Q");
  assert.equal(cfg({ MAILNAME: "M", NAME: "N" }).name, "M");
  assert.equal(cfg({ NAME: "N" }).name, "N");
  assert.equal(cfg({}).name, undefined);
});

Deno.test("a variable set to the empty string counts as set", () => {
  assert.equal(cfg({ QMAILUSER: "", USER: "u" }).user, "");
});

Deno.test("the envelope sender is QMAILSUSER@QMAILSHOST, else the From user and host", () => {
  const c = cfg({ USER: "u", MAILHOST: "m.org", QMAILSUSER: "bounces", QMAILSHOST: "b.org" });
  assert.equal(c.senderUser, "bounces");
  assert.equal(c.senderHost, "b.org");
  const d = cfg({ USER: "u", MAILHOST: "m.org" });
  assert.equal(d.senderUser, "u");
  assert.equal(d.senderHost, "m.org");
});

Deno.test("defaultdomain, defaulthost, plusdomain and idhost come from their control files", () => {
  const c = cfg({}, {
    me: "me.org",
    defaultdomain: "dd.org",
    defaulthost: "dh.org",
    plusdomain: "pd.org",
    idhost: "id.org",
  });
  assert.equal(text(c.defaultDomain), ".dd.org");
  assert.equal(text(c.defaultHost), "@dh.org");
  assert.equal(text(c.plusDomain), ".pd.org");
  assert.equal(c.idhost, "id.org");
});

Deno.test("missing control files default to control/me", () => {
  const c = cfg({}, { me: "me.org" });
  assert.equal(text(c.defaultDomain), ".me.org");
  assert.equal(text(c.defaultHost), "@me.org");
  assert.equal(text(c.plusDomain), ".me.org");
  assert.equal(c.idhost, "me.org");
});

Deno.test("without control/me each setting is its own literal name", () => {
  const c = cfg({}, {});
  assert.equal(text(c.defaultDomain), ".defaultdomain");
  assert.equal(text(c.defaultHost), "@defaulthost");
  assert.equal(text(c.plusDomain), ".plusdomain");
  assert.equal(c.idhost, "idhost");
});

Deno.test("QMAILDEFAULTDOMAIN, QMAILDEFAULTHOST, QMAILPLUSDOMAIN, QMAILIDHOST override the controls", () => {
  const c = cfg({
    QMAILDEFAULTDOMAIN: "e1.org",
    QMAILDEFAULTHOST: "e2.org",
    QMAILPLUSDOMAIN: "e3.org",
    QMAILIDHOST: "e4.org",
  }, { me: "me.org", defaulthost: "dh.org" });
  assert.equal(text(c.defaultDomain), ".e1.org");
  assert.equal(text(c.defaultHost), "@e2.org");
  assert.equal(text(c.plusDomain), ".e3.org");
  assert.equal(c.idhost, "e4.org");
});

Deno.test("a control domain that does not parse is a permanent error", () => {
  assert.throws(() => cfg({}, { defaulthost: "bad(" }), (e) => {
    assert.ok(e instanceof InjectError);
    assert.equal(e.code, 100);
    assert.equal(e.message, "unable to parse this line:\n@bad(");
    return true;
  });
});

Deno.test("QMAILINJECT letters c s f i r m set their flags and other letters are ignored", () => {
  assert.deepEqual(parseFlags("csfirmxyz"), {
    nameComment: true,
    deleteReturnPath: true,
    deleteFrom: true,
    deleteMessageId: true,
    verpRecipient: true,
    verpMessage: true,
  });
  assert.deepEqual(Object.values(parseFlags("")), [false, false, false, false, false, false]);
});
