import assert from "node:assert/strict";
import { formatReport, logSafe, recipientResults } from "./report.ts";

const K = { code: "K" as const, text: "192.0.2.1 accepted message.\nRemote host said: 250 ok\n" };

Deno.test("recipientResults: an accepted recipient takes the message report", () => {
  const [r] = recipientResults({ recipients: [{ code: "r", text: "" }], message: K }, 1);
  assert.deepEqual(r, { status: "success", text: logSafe(K.text), report: K.text });
});

Deno.test("recipientResults: a refused recipient keeps its own text when others were accepted", () => {
  const h = {
    code: "h" as const,
    text: "192.0.2.1 does not like recipient.\nRemote host said: 550 no\n",
  };
  const results = recipientResults({ recipients: [h, { code: "r", text: "" }], message: K }, 2);
  assert.deepEqual(results.map((r) => r.status), ["failure", "success"]);
  assert.equal(results[0].report, h.text);
});

Deno.test("recipientResults: recipients without a report take the message report", () => {
  const Z = {
    code: "Z" as const,
    text: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n",
  };
  const results = recipientResults({ recipients: [], message: Z }, 2);
  assert.deepEqual(results.map((r) => r.status), ["deferral", "deferral"]);
  assert.equal(results[1].text, "Sorry,_I_wasn't_able_to_establish_an_SMTP_connection._(#4.4.1)/");
});

Deno.test("formatReport ends each report with a 0 byte", () => {
  assert.equal(
    formatReport({ recipients: [{ code: "r", text: "" }], message: K }),
    `r\0K${K.text}\0`,
  );
});
