import assert from "node:assert/strict";
import { loadDnsConfig, parseResolvConf, parseServer } from "./config.ts";

Deno.test("parseResolvConf reads nameservers and options, ignoring comments", () => {
  const c = parseResolvConf(
    "# x\nnameserver 10.0.0.1\nnameserver fe80::1%eth0\noptions timeout:2 attempts:3 rotate\n",
  );
  assert.deepEqual(c, {
    servers: [{ address: "10.0.0.1", port: 53 }, { address: "fe80::1", port: 53 }],
    timeout: 2,
    attempts: 3,
  });
});

Deno.test("parseResolvConf without nameservers asks the local host", () => {
  assert.deepEqual(parseResolvConf("").servers, [{ address: "127.0.0.1", port: 53 }]);
});

Deno.test("parseServer takes ip, ip:port, ipv6 and [ipv6]:port", () => {
  assert.deepEqual(parseServer("127.0.0.1:5353"), { address: "127.0.0.1", port: 5353 });
  assert.deepEqual(parseServer("::1"), { address: "::1", port: 53 });
  assert.deepEqual(parseServer("[::1]:5353"), { address: "::1", port: 5353 });
});

Deno.test("DNSCACHEIP overrides resolv.conf", () => {
  const c = loadDnsConfig(
    (n) => n === "DNSCACHEIP" ? "127.0.0.1:5300 127.0.0.2" : undefined,
    () => "nameserver 10.9.9.9\n",
  );
  assert.deepEqual(c.servers, [{ address: "127.0.0.1", port: 5300 }, {
    address: "127.0.0.2",
    port: 53,
  }]);
  assert.deepEqual(loadDnsConfig(() => undefined, () => "nameserver 10.9.9.9\n").servers, [{
    address: "10.9.9.9",
    port: 53,
  }]);
});
