import assert from "node:assert/strict";
import { dateField, messageIdField } from "./newfield.ts";

const WHEN = new Date(Date.UTC(1995, 8, 6, 4, 6, 3));

Deno.test("dateField writes the UTC date the way qmail's date822fmt does", () => {
  assert.equal(dateField(WHEN), "Date: 6 Sep 1995 04:06:03 -0000\n");
});

Deno.test("messageIdField writes <YYYYMMDDHHMMSS.pid.qmail@idhost>", () => {
  assert.equal(
    messageIdField(WHEN, 77, "id.af.mil"),
    "Message-ID: <19950906040603.77.qmail@id.af.mil>\n",
  );
});
