import assert from "node:assert/strict";
import { parseRelay, smtpRouteKeys, SmtpRoutes } from "./smtproutes.ts";

Deno.test("smtproutes lookup order: host, .suffixes longest first, then the empty key", () => {
  assert.deepEqual(smtpRouteKeys("a.b.mil"), ["a.b.mil", ".b.mil", ".mil", ""]);
});

Deno.test("a route sends a domain to its relay, on port 25 unless given", () => {
  const r = SmtpRoutes.parse(["inside.af.mil:firewall.af.mil:26", "plain.example:relay.example"]);
  assert.deepEqual(r.route("inside.af.mil"), {
    relay: "firewall.af.mil",
    port: 26,
    matched: "inside.af.mil",
  });
  assert.deepEqual(r.route("Plain.Example"), {
    relay: "relay.example",
    port: 25,
    matched: "plain.example",
  });
  assert.deepEqual(r.route("other.example"), { port: 25 });
});

Deno.test("wildcards: .suffix with an empty relay means MX, the empty key catches the rest", () => {
  const r = SmtpRoutes.parse([".af.mil:", ":heaven.af.mil"]);
  assert.deepEqual(r.route("x.af.mil"), { port: 25, matched: ".af.mil" });
  assert.deepEqual(r.route("af.mil"), { relay: "heaven.af.mil", port: 25, matched: "" });
});

Deno.test("relays may be address literals, IPv6 ones keeping their colons", () => {
  assert.deepEqual(parseRelay("[10.0.0.1]"), { relay: "[10.0.0.1]", port: 25 });
  assert.deepEqual(parseRelay("[10.0.0.1]:2525"), { relay: "[10.0.0.1]", port: 2525 });
  assert.deepEqual(parseRelay("[2001:db8::1]:26"), { relay: "[2001:db8::1]", port: 26 });
  assert.deepEqual(parseRelay("[2001:db8::1]"), { relay: "[2001:db8::1]", port: 25 });
});

Deno.test("a port is read as qmail's scan_ulong: leading digits, 0 when there are none", () => {
  assert.deepEqual(parseRelay("relay:26x"), { relay: "relay", port: 26 });
  assert.deepEqual(parseRelay("relay:"), { relay: "relay", port: 0 });
});

Deno.test("a route with a port but no relay host falls back to MX on that port", () => {
  assert.deepEqual(SmtpRoutes.parse(["x.example::2525"]).route("x.example"), {
    port: 2525,
    matched: "x.example",
  });
});
