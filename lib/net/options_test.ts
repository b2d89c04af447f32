import assert from "node:assert/strict";
import { getopt, GetoptError, scanUlong } from "./getopt.ts";
import { listenHost, parseTcpServerArgs, portNumber, TcpServerUsageError } from "./options.ts";

Deno.test("getopt groups flags, takes attached or separate arguments, stops at operands", () => {
  assert.deepEqual(getopt(["-vRc40", "-x", "r.cdb", "--", "-0", "25"], "vRc:x:"), {
    options: [{ letter: "v" }, { letter: "R" }, { letter: "c", value: "40" }, {
      letter: "x",
      value: "r.cdb",
    }],
    rest: ["-0", "25"],
  });
  assert.deepEqual(getopt(["-", "x"], "v").rest, ["-", "x"]);
  assert.throws(() => getopt(["-z"], "v"), GetoptError);
  assert.throws(() => getopt(["-c"], "c:"), GetoptError);
});

Deno.test("scan_ulong reads leading digits, none as 0", () => {
  assert.equal(scanUlong("40x"), 40);
  assert.equal(scanUlong("x"), 0);
});

Deno.test("tcpserver's defaults are ucspi-tcp's", () => {
  const a = parseTcpServerArgs(["0", "25", "qmail-smtpd"]);
  assert.equal(a.limit, 40);
  assert.equal(a.verbosity, 1);
  assert.equal(a.remoteHost, true);
  assert.equal(a.remoteInfo, true);
  assert.equal(a.backlog, 20);
  assert.equal(a.uid, 0);
  assert.deepEqual(a.argv, ["qmail-smtpd"]);
});

Deno.test("tcpserver parses the source documents' run script line", () => {
  const a = parseTcpServerArgs([
    "-v",
    "-R",
    "-l",
    "mx.example",
    "-x",
    "/etc/tcp.smtp.cdb",
    "-c",
    "20",
    "-u",
    "7002",
    "-g",
    "7001",
    "0",
    "smtp",
    "/var/qmail/bin/qmail-smtpd",
    "extra",
  ]);
  assert.equal(a.verbosity, 2);
  assert.equal(a.remoteInfo, false);
  assert.equal(a.localName, "mx.example");
  assert.equal(a.rules, "/etc/tcp.smtp.cdb");
  assert.equal(a.limit, 20);
  assert.equal(a.uid, 7002);
  assert.equal(a.gid, 7001);
  assert.equal(a.host, "0");
  assert.equal(a.port, "smtp");
  assert.deepEqual(a.argv, ["/var/qmail/bin/qmail-smtpd", "extra"]);
});

Deno.test("later flags override earlier ones (-HhpPqQv1DX)", () => {
  const a = parseTcpServerArgs(["-Hh", "-pP", "-qv", "-1DX", "-U", "::1", "0", "prog"]);
  assert.equal(a.remoteHost, true);
  assert.equal(a.paranoid, false);
  assert.equal(a.verbosity, 2);
  assert.ok(a.printPort && a.noDelay && a.allowMissingRules && a.idsFromEnv);
  assert.equal(a.host, "::1");
});

Deno.test("tcpserver refuses a missing program or an unknown option", () => {
  assert.throws(() => parseTcpServerArgs(["0", "25"]), TcpServerUsageError);
  assert.throws(() => parseTcpServerArgs(["-Z", "0", "25", "p"]), TcpServerUsageError);
});

Deno.test("host 0 and the empty host mean every IPv4 address", () => {
  assert.equal(listenHost("0"), "0.0.0.0");
  assert.equal(listenHost(""), "0.0.0.0");
  assert.equal(listenHost("::"), "::");
});

Deno.test("ports are numbers or /etc/services names", () => {
  const services = "# comment\nsmtp\t\t25/tcp\t\tmail\nfoo 99/udp\nfoo 98/tcp alias\n";
  assert.equal(portNumber("2525"), 2525);
  assert.equal(portNumber("smtp", services), 25);
  assert.equal(portNumber("mail", services), 25);
  assert.equal(portNumber("foo", services), 98);
  assert.equal(portNumber("pop3", ""), 110);
  assert.equal(portNumber("nonesuch", services), undefined);
});
