import assert from "node:assert/strict";
import { ExitError } from "../cli/exit.ts";
import { parseInjectArgs } from "./options.ts";

Deno.test("qmail-inject with no options takes recipients by default (-A) and queues (-N)", () => {
  assert.deepEqual(parseInjectArgs(["fred"]), {
    strategy: "default",
    recipients: ["fred"],
    print: false,
  });
});

Deno.test("qmail-inject -a -h -H -A select the recipient strategy, the last one winning", () => {
  assert.equal(parseInjectArgs(["-a"]).strategy, "args");
  assert.equal(parseInjectArgs(["-h"]).strategy, "header");
  assert.equal(parseInjectArgs(["-H"]).strategy, "both");
  assert.equal(parseInjectArgs(["-aA"]).strategy, "default");
  assert.equal(parseInjectArgs(["-a", "-h"]).strategy, "header");
});

Deno.test("qmail-inject -n prints and -N queues, the last one winning", () => {
  assert.equal(parseInjectArgs(["-n"]).print, true);
  assert.equal(parseInjectArgs(["-nN"]).print, false);
});

Deno.test("qmail-inject -f takes the rest of its word or the next word", () => {
  assert.equal(parseInjectArgs(["-fjoe@x"]).sender, "joe@x");
  assert.equal(parseInjectArgs(["-f", "joe@x", "fred"]).sender, "joe@x");
  assert.deepEqual(parseInjectArgs(["-f", "joe@x", "fred"]).recipients, ["fred"]);
  assert.equal(parseInjectArgs(["-nfjoe"]).sender, "joe");
  assert.equal(parseInjectArgs(["-f", ""]).sender, "");
});

Deno.test("qmail-inject options end at the first recipient, a lone - or a word starting with --", () => {
  assert.deepEqual(parseInjectArgs(["fred", "-n"]).recipients, ["fred", "-n"]);
  assert.deepEqual(parseInjectArgs(["-", "-n"]).recipients, ["-", "-n"]);
  assert.deepEqual(parseInjectArgs(["--", "-n"]).recipients, ["-n"]);
});

Deno.test("qmail-inject rejects an unknown option with exit 100", () => {
  assert.throws(() => parseInjectArgs(["-t"]), (e) => {
    assert.ok(e instanceof ExitError);
    assert.equal(e.code, 100);
    assert.equal(e.message, "qmail-inject: illegal option -- t");
    return true;
  });
});

Deno.test("qmail-inject rejects -f without an argument with exit 100", () => {
  assert.throws(() => parseInjectArgs(["-f"]), /option requires an argument -- f/);
});
