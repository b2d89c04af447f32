import assert from "node:assert/strict";
import { controlFileTable, permissionTable } from "../lib/sandbox/describe.ts";

/** The rows of a markdown table, cells trimmed (deno fmt pads them). */
function rows(table: string): string[] {
  return table.split("\n")
    .filter((l) => l.startsWith("|") && !/^[|\s:-]+$/.test(l))
    .map((l) => l.split("|").map((c) => c.trim()).join("|"));
}

Deno.test("docs/ARCHITECTURE.md lists each program's permissions exactly as the sandbox grants them", () => {
  const doc = Deno.readTextFileSync(new URL("../docs/ARCHITECTURE.md", import.meta.url));
  const begin = "<!-- permissions:begin -->";
  const table = doc.slice(
    doc.indexOf(begin) + begin.length,
    doc.indexOf("<!-- permissions:end -->"),
  );
  assert.deepEqual(
    rows(table),
    rows(permissionTable()),
    "regenerate with: deno task docs",
  );
});

Deno.test("the README's control-file table is lib/control's, defaults included", () => {
  const doc = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
  const begin = "<!-- control-files:begin -->";
  const table = doc.slice(
    doc.indexOf(begin) + begin.length,
    doc.indexOf("<!-- control-files:end -->"),
  );
  assert.deepEqual(rows(table), rows(controlFileTable()), "regenerate with: deno task docs");
});
