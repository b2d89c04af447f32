import assert from "node:assert/strict";
import {
  type ConnectionInfo,
  endLine,
  normalizeIp,
  okLine,
  pidLine,
  safe,
  statusLine,
  ucspiEnv,
  waitStatus,
} from "./ucspi.ts";

const conn: ConnectionInfo = {
  localIp: "192.0.2.25",
  localPort: 25,
  localHost: "mx.example",
  remoteIp: "192.0.2.7",
  remotePort: 40123,
};

Deno.test("tcp-environ: PROTO, addresses, ports; unknown names are unset", () => {
  assert.deepEqual(ucspiEnv(conn), {
    PROTO: "TCP",
    TCPLOCALIP: "192.0.2.25",
    TCPLOCALPORT: "25",
    TCPLOCALHOST: "mx.example",
    TCPREMOTEIP: "192.0.2.7",
    TCPREMOTEPORT: "40123",
    TCPREMOTEHOST: undefined,
    TCPREMOTEINFO: undefined,
  });
});

Deno.test("an IPv4 client of an IPv6 listener is reported as IPv4", () => {
  assert.equal(normalizeIp("::ffff:127.0.0.1"), "127.0.0.1");
  assert.equal(normalizeIp("2001:DB8::1"), "2001:db8::1");
});

Deno.test("tcpserver -v log lines", () => {
  assert.equal(pidLine(7, "192.0.2.7"), "tcpserver: pid 7 from 192.0.2.7");
  assert.equal(
    okLine(7, conn, false),
    "tcpserver: ok 7 mx.example:192.0.2.25:25 :192.0.2.7::40123",
  );
  assert.equal(
    okLine(8, { ...conn, localHost: undefined, remoteHost: "a.example", remoteInfo: "joe" }, true),
    "tcpserver: deny 8 :192.0.2.25:25 a.example:192.0.2.7:joe:40123",
  );
  assert.equal(endLine(7, 256), "tcpserver: end 7 status 256");
  assert.equal(statusLine(3, 40), "tcpserver: status: 3/40");
});

Deno.test("logged names are made safe: no blanks, %, colons or non-ASCII; cut at 100", () => {
  assert.equal(safe("a b%c:d\u00e9"), "a?b?c?d?");
  assert.equal(safe("x".repeat(101)), "x".repeat(100) + "...");
  assert.equal(safe("::1", true), "::1");
});

Deno.test("wait statuses: exit code times 256, or the signal number", () => {
  assert.equal(waitStatus({ code: 0, signal: null }), 0);
  assert.equal(waitStatus({ code: 100, signal: null }), 25600);
  assert.equal(waitStatus({ code: 143, signal: "SIGTERM" }), 15);
});
