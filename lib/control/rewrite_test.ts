import assert from "node:assert/strict";
import { RecipientRouter } from "./rewrite.ts";
import { VirtualDomains } from "./virtualdomains.ts";

const router = new RecipientRouter({
  envnoathost: "me.example",
  locals: ["me.example", "Local.Example"],
  percenthack: ["relay.example", "me.example"],
  virtualdomains: VirtualDomains.parse(["virt.example:joe", "local.example:never", ":catch"]),
});

Deno.test("an address without @ gets @envnoathost and is local when that is in locals", () => {
  assert.deepEqual(router.route("bob"), { channel: "local", address: "bob@me.example" });
});

Deno.test("locals are matched before virtualdomains, ignoring case", () => {
  assert.deepEqual(router.route("a@LOCAL.example"), {
    channel: "local",
    address: "a@LOCAL.example",
  });
});

Deno.test("a virtual domain is delivered locally as prepend-address", () => {
  assert.deepEqual(router.route("x@virt.example"), {
    channel: "local",
    address: "joe-x@virt.example",
  });
});

Deno.test("the percent hack applies repeatedly while the domain is in percenthack", () => {
  assert.deepEqual(router.route("u%b.example%me.example@relay.example"), {
    channel: "local",
    address: "catch-u@b.example", // relay.example, then me.example, then the catch-all
  });
  assert.deepEqual(router.route("u%me.example@relay.example"), {
    channel: "local",
    address: "u@me.example",
  });
  assert.deepEqual(router.route("plain@relay.example"), {
    channel: "local",
    address: "catch-plain@relay.example",
  });
});

Deno.test("with no locals or virtual match the recipient is remote", () => {
  const r = new RecipientRouter({
    envnoathost: "me.example",
    locals: ["me.example"],
    percenthack: [],
    virtualdomains: VirtualDomains.empty(),
  });
  assert.deepEqual(r.route("a%b@elsewhere.example"), {
    channel: "remote",
    address: "a%b@elsewhere.example",
  });
});
