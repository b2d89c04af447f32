import assert from "node:assert/strict";
import { findConnection, parseEndpoint, socketInode } from "./procnet.ts";

Deno.test("parseEndpoint reads /proc/net/tcp's little-endian IPv4 and hex port", () => {
  assert.deepEqual(parseEndpoint("0100007F:0019"), { ip: "127.0.0.1", port: 25 });
  assert.deepEqual(parseEndpoint("0702000A:D431"), { ip: "10.0.2.7", port: 54321 });
});

Deno.test("parseEndpoint reads tcp6 addresses: compressed, and IPv4-mapped as dotted IPv4", () => {
  assert.deepEqual(parseEndpoint("00000000000000000000000001000000:0050"), { ip: "::1", port: 80 });
  assert.deepEqual(parseEndpoint("0000000000000000FFFF00000100007F:0019"), {
    ip: "127.0.0.1",
    port: 25,
  });
  assert.deepEqual(parseEndpoint("B80D0120000000000000000001000000:01BB"), {
    ip: "2001:db8::1",
    port: 443,
  });
});

Deno.test("findConnection picks the line of the inode; socketInode reads a /proc/self/fd link", () => {
  const table = [
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "   0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0",
    "   1: 0100007F:0019 0200007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0",
  ].join("\n");
  assert.deepEqual(findConnection(table, "222"), {
    local: { ip: "127.0.0.1", port: 25 },
    remote: { ip: "127.0.0.2", port: 50000 },
  });
  assert.equal(findConnection(table, "333"), undefined);
  assert.equal(socketInode("socket:[222]"), "222");
  assert.equal(socketInode("pipe:[222]"), undefined);
});
