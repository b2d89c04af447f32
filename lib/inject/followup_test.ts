import assert from "node:assert/strict";
import { finishFollowupTo } from "./followup.ts";

Deno.test("finishFollowupTo adds nothing without QMAILMFTFILE", () => {
  assert.equal(finishFollowupTo(["sos@x"], undefined), "");
});

Deno.test("finishFollowupTo matches list addresses without regard to case", () => {
  assert.equal(finishFollowupTo(["SOS@X.ORG"], ["sos@x.org"]), "Mail-Followup-To: SOS@X.ORG\n");
});

Deno.test("finishFollowupTo quotes local parts that need it", () => {
  assert.equal(
    finishFollowupTo(["sos@x.org", "joe q@y.org"], ["sos@x.org"]),
    'Mail-Followup-To: "joe q"@y.org,\n  sos@x.org\n',
  );
});
