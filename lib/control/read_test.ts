import assert from "node:assert/strict";
import { withControl } from "./_testing.ts";
import { readControlInt, readControlLine, readControlLines, readControlText } from "./read.ts";

Deno.test("control primitives return undefined for a missing file", () =>
  withControl({}, (home) => {
    const p = `${home}/control/none`;
    assert.equal(readControlLine(p), undefined);
    assert.equal(readControlInt(p), undefined);
    assert.equal(readControlLines(p), undefined);
    assert.equal(readControlText(p), undefined);
  }));

Deno.test("readControlLine keeps bytes above 127 as latin1 characters", () =>
  withControl({}, async (home) => {
    await Deno.writeFile(`${home}/control/x`, new Uint8Array([0x68, 0xe9, 0x0a]));
    assert.equal(readControlLine(`${home}/control/x`), "h\u00e9");
  }));

Deno.test("readControlText strips only the trailing white space of the whole file", () =>
  withControl({ t: "  a \n\tb \t\n\n" }, (home) => {
    assert.equal(readControlText(`${home}/control/t`), "  a \n\tb");
  }));
