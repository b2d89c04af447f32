import assert from "node:assert/strict";
import { coalescing } from "./coalesce.ts";
import type { RemoteDeliverer, RemoteDeliveryRequest } from "./deliverer.ts";

function recorder(): RemoteDeliverer & { calls: RemoteDeliveryRequest[] } {
  const calls: RemoteDeliveryRequest[] = [];
  return {
    calls,
    deliver(req) {
      calls.push(req);
      return Promise.resolve({
        recipients: req.recipients.map((r) => ({ status: "success" as const, text: `ok_${r}/` })),
      });
    },
    close: () => Promise.resolve(),
  };
}

const req = (delivery: number, id: number, rcpt: string): RemoteDeliveryRequest => ({
  delivery,
  id,
  messagePath: `/q/mess/0/${id}`,
  sender: "s@x",
  host: rcpt.slice(rcpt.indexOf("@") + 1),
  recipients: [rcpt],
});

Deno.test("coalescing joins one message's recipients at one host into one request", async () => {
  const inner = recorder();
  const d = coalescing(inner);
  const results = await Promise.all([
    d.deliver(req(1, 7, "a@h.test")),
    d.deliver(req(2, 7, "b@h.test")),
    d.deliver(req(3, 7, "c@other.test")),
    d.deliver(req(4, 8, "d@h.test")),
  ]);
  assert.deepEqual(inner.calls.map((c) => c.recipients), [["a@h.test", "b@h.test"], [
    "c@other.test",
  ], ["d@h.test"]]);
  assert.deepEqual(results.map((r) => r.recipients[0].text), [
    "ok_a@h.test/",
    "ok_b@h.test/",
    "ok_c@other.test/",
    "ok_d@h.test/",
  ]);
});

Deno.test("coalescing caps the recipients of one transaction", async () => {
  const inner = recorder();
  const d = coalescing(inner, 2);
  await Promise.all([1, 2, 3].map((i) => d.deliver(req(i, 7, `u${i}@h.test`))));
  assert.deepEqual(inner.calls.map((c) => c.recipients.length), [2, 1]);
});

Deno.test("coalescing starts a turn's batches in the order they were opened, and joins nothing across turns", async () => {
  const inner = recorder();
  const d = coalescing(inner);
  const first = [d.deliver(req(1, 7, "a@h.test")), d.deliver(req(2, 9, "b@h.test"))];
  await new Promise((r) => setTimeout(r, 0));
  const later = d.deliver(req(3, 7, "c@h.test"));
  await Promise.all([...first, later]);
  assert.deepEqual(inner.calls.map((c) => [c.id, c.recipients]), [
    [7, ["a@h.test"]],
    [9, ["b@h.test"]],
    [7, ["c@h.test"]],
  ]);
});
