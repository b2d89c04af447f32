import assert from "node:assert/strict";
import { BS_ENV, senderEnv, SENDMAIL_USAGE, translate } from "./translate.ts";
import { getopt } from "./getopt.ts";

Deno.test("sendmail with recipient arguments runs qmail-inject -a on them", () => {
  assert.deepEqual(translate(["bob@example.com", "carol"]), {
    run: "inject",
    args: ["-a", "--", "bob@example.com", "carol"],
    env: {},
  });
});

Deno.test("sendmail -t takes recipients from the header and the arguments (qmail-inject -H)", () => {
  assert.deepEqual(translate(["-t"]), { run: "inject", args: ["-H", "--"], env: {} });
  assert.deepEqual(translate(["-t", "extra@example.com"]), {
    run: "inject",
    args: ["-H", "--", "extra@example.com"],
    env: {},
  });
});

Deno.test("sendmail -f sets the envelope sender and the From user and host", () => {
  const env = {
    QMAILNAME: null,
    MAILNAME: null,
    NAME: null,
    QMAILHOST: "test.example",
    MAILHOST: null,
    QMAILUSER: "alice",
  };
  for (const args of [["-f", "alice@test.example"], ["-falice@test.example"]]) {
    assert.deepEqual(translate(["-t", ...args]), {
      run: "inject",
      args: ["-H", "-f", "alice@test.example", "--"],
      env,
    });
  }
});

Deno.test("sendmail -r is the old spelling of -f", () => {
  const plan = translate(["-r", "root@host.example", "bob"]);
  assert.deepEqual(plan, translate(["-f", "root@host.example", "bob"]));
});

Deno.test("sendmail -f splits the sender at its last @ and keeps a bare user whole", () => {
  assert.equal(senderEnv("a@b@c.example").QMAILUSER, "a@b");
  assert.equal(senderEnv("a@b@c.example").QMAILHOST, "c.example");
  assert.equal(senderEnv("root").QMAILUSER, "root");
  assert.equal(senderEnv("root").QMAILHOST, null);
  assert.equal(senderEnv("").QMAILUSER, "");
});

Deno.test("sendmail -F sets MAILNAME, and keeps it when -f is also given", () => {
  assert.deepEqual(translate(["-F", "Cron Daemon", "root"]), {
    run: "inject",
    args: ["-a", "--", "root"],
    env: { MAILNAME: "Cron Daemon" },
  });
  const plan = translate(["-FCronDaemon", "-i", "-f", "root", "-oem", "root"]);
  assert.equal(plan.run, "inject");
  if (plan.run !== "inject") return;
  assert.equal(plan.env.MAILNAME, "CronDaemon");
  assert.equal(plan.env.QMAILNAME, null);
  assert.deepEqual(plan.args, ["-a", "-f", "root", "--", "root"]);
});

Deno.test("sendmail ignores the flags MUAs, cron and PHP pass", () => {
  const cases = [
    ["-t", "-i"], // PHP mail()
    ["-oi", "-oem", "-t"], // pine
    ["-oem", "-oi", "--", "bob"], // mutt
    ["-i", "-odi", "-oem", "-oi", "-t"], // cronie
    ["-B8BITMIME", "-i", "-oem", "-v", "-m", "-x", "-bm", "-ebounce", "-p", "smtp:x"],
    ["-N", "never", "-R", "hdrs", "-V", "id1", "-t"], // mutt with DSN
    ["-Eanything", "-J", "-t"],
  ];
  for (const args of cases) {
    const plan = translate(args);
    assert.equal(plan.run, "inject", args.join(" "));
    if (plan.run === "inject") assert.deepEqual(plan.env, {}, args.join(" "));
  }
  const mutt = translate(["-oem", "-oi", "--", "bob"]);
  assert.deepEqual(mutt.run === "inject" && mutt.args, ["-a", "--", "bob"]);
});

Deno.test("sendmail -bp lists the queue, also when called as mailq", () => {
  assert.deepEqual(translate(["-bp"]), { run: "qread" });
  assert.deepEqual(translate([], { progname: "mailq" }), { run: "qread" });
  // -bp acts when met, before a later bad option is seen (as qmail's getopt loop does).
  assert.deepEqual(translate(["-bp", "-Z"]), { run: "qread" });
});

Deno.test("sendmail -bs runs SMTP with a trusted local environment unless PROTO is set", () => {
  assert.deepEqual(translate(["-bs"]), { run: "smtpd", env: { ...BS_ENV } });
  assert.equal(BS_ENV.RELAYCLIENT, "");
  assert.equal(BS_ENV.DATABYTES, "0");
  assert.equal(BS_ENV.TCPREMOTEINFO, "sendmail-bs");
  assert.deepEqual(translate(["-bs"], { hasProto: true }), { run: "smtpd", env: {} });
});

Deno.test("sendmail -bi and newaliases point at fastforward with exit 100", () => {
  const expected = {
    run: "fail",
    code: 100,
    message: "sendmail: fatal: please use fastforward/newaliases instead",
  };
  assert.deepEqual(translate(["-bi"]), expected);
  assert.deepEqual(translate([], { progname: "newaliases" }), expected);
});

Deno.test("sendmail -q is refused permanently with an explanation", () => {
  for (const args of [["-q"], ["-q30m"], ["-qf"]]) {
    const plan = translate(args);
    assert.equal(plan.run, "fail");
    if (plan.run !== "fail") return;
    assert.equal(plan.code, 100);
    assert.match(plan.message, /^sendmail: fatal: -q is not supported/);
  }
});

Deno.test("sendmail rejects unknown options and other -b modes with its usage and exit 100", () => {
  assert.deepEqual(translate(["-Z"]), {
    run: "fail",
    code: 100,
    message: `sendmail: illegal option -- Z\n${SENDMAIL_USAGE}`,
  });
  assert.deepEqual(translate(["-t", "-f"]), {
    run: "fail",
    code: 100,
    message: `sendmail: option requires an argument -- f\n${SENDMAIL_USAGE}`,
  });
  for (const b of ["-bv", "-bt", "-bd", "-b", "-bD"]) {
    const args = b === "-b" ? ["-b", ""] : [b];
    assert.deepEqual(translate(args), { run: "fail", code: 100, message: SENDMAIL_USAGE }, b);
  }
});

Deno.test("sendmail option parsing stops at the first operand, at - and after --", () => {
  const plan = translate(["bob", "-t"]);
  assert.deepEqual(plan.run === "inject" && plan.args, ["-a", "--", "bob", "-t"]);
  const dash = translate(["-", "-t"]);
  assert.deepEqual(dash.run === "inject" && dash.args, ["-a", "--", "-", "-t"]);
  const dd = translate(["--", "-t"]);
  assert.deepEqual(dd.run === "inject" && dd.args, ["-a", "--", "-t"]);
});

Deno.test("getopt takes an option's argument from the rest of the word or the next word", () => {
  assert.deepEqual(getopt(["-tfme", "-f", "you", "x"], "tf:"), {
    options: [{ opt: "t" }, { opt: "f", arg: "me" }, { opt: "f", arg: "you" }],
    operands: ["x"],
  });
  assert.deepEqual(getopt(["-E", "-Jrest", "y"], "E?J?").options, [
    { opt: "E" },
    { opt: "J", arg: "rest" },
  ]);
});
