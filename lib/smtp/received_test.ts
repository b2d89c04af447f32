import assert from "node:assert/strict";
import { receivedField, safe } from "./received.ts";

const when = new Date(Date.UTC(1995, 8, 26, 4, 46, 54));

Deno.test("the Received field has qmail's two-line layout", () => {
  assert.equal(
    receivedField({
      remoteHost: "relay1.uu.net",
      helo: "uunet.uu.net",
      remoteInfo: "7",
      remoteIp: "192.48.96.5",
      local: "silverton.berkeley.edu",
      protocol: "SMTP",
    }, when),
    "Received: from relay1.uu.net (HELO uunet.uu.net) (7@192.48.96.5)\n" +
      "  by silverton.berkeley.edu with SMTP; 26 Sep 1995 04:46:54 -0000\n",
  );
});

Deno.test("the Received field leaves out HELO and remote info when there are none", () => {
  assert.equal(
    receivedField(
      { remoteHost: "unknown", remoteIp: "1.2.3.4", local: "mx", protocol: "SMTP" },
      when,
    ),
    "Received: from unknown (1.2.3.4)\n  by mx with SMTP; 26 Sep 1995 04:46:54 -0000\n",
  );
});

Deno.test("client-supplied words cannot inject header structure", () => {
  assert.equal(safe("evil\n\tX-Hdr: (yes)"), "evil??X-Hdr:??yes?");
  assert.equal(safe("a.b@c%d+e/f=g:h-i[1]"), "a.b@c%d+e/f=g:h-i[1]");
  assert.equal(safe("h\u00e9"), "h?");
});
