import assert from "node:assert/strict";
import { describePlan, ForwardFileError, isEmptyForward, planForward } from "./dot_forward.ts";
import { tokenize } from "../inject/token822.ts";

const ctx = {
  user: "joe",
  host: "host.example",
  domains: {
    defaultHost: tokenize("@test.example")!,
    defaultDomain: tokenize(".test.example")!,
    plusDomain: tokenize(".test.example")!,
  },
};

Deno.test("dot-forward plans forwards and commands in order (each line right to left), then direct delivery", () => {
  const plan = planForward(
    'bob (Bob) @heaven.af.mil, "spaced out"@x.y\n# comment\nfred\n"|vacation bob"\n\\joe\n',
    ctx,
  );
  assert.deepEqual(plan, {
    steps: [
      { forward: "spaced out@x.y" },
      { forward: "bob@heaven.af.mil" },
      { forward: "fred@test.example" },
      { pipe: "vacation bob" },
    ],
    direct: true,
  });
  assert.equal(
    describePlan(plan),
    "forward spaced out@x.y\nforward bob@heaven.af.mil\nforward fred@test.example\n" +
      "pipe through vacation bob\ndirect delivery\n",
  );
});

Deno.test("dot-forward: $USER@$HOST in any case is direct delivery; an address with a domain is not a command", () => {
  assert.deepEqual(planForward('"|one", Joe <JOE@Host.Example>, "|cmd"@host\n', ctx), {
    steps: [{ forward: "|cmd@host.test.example" }, { pipe: "one" }],
    direct: true,
  });
});

Deno.test("dot-forward refuses file deliveries and lines it cannot parse (exit 111)", () => {
  for (
    const [text, message] of [
      ["/var/mail/joe\n", "file delivery /var/mail/joe not supported"],
      [":include:/etc/list\n", "file delivery /etc/list not supported"],
      ["a@b>\n", "unable to parse this line: a@b>"],
    ]
  ) {
    assert.throws(() => planForward(text, ctx), (e) => {
      assert.ok(e instanceof ForwardFileError);
      assert.equal(e.code, 111);
      assert.equal(e.message, message);
      return true;
    });
  }
});

Deno.test("dot-forward treats a file of blank lines and comments as empty", () => {
  assert.equal(isEmptyForward("\n# just a comment\n\n"), true);
  assert.equal(isEmptyForward("# comment\nbob@x.y\n"), false);
});
