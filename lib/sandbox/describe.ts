/**
 * The permission table of docs/ARCHITECTURE.md, made from the program table so
 * the document cannot drift from what the sandbox enforces (a test compares).
 *
 * @module
 */

import { programs } from "../../cmd/registry.ts";
import type { Grant } from "./grants.ts";
import { sandboxPermissions } from "./dispatch.ts";

function show(g: unknown): string {
  const v = g as Grant;
  if (v === false) return "—";
  if (v === true) return "all";
  return v.map((x) => `\`${x}\``).join(" ");
}

/**
 * A markdown table of each program's Deno permissions for a tree at `home`,
 * with no QMAILQUEUE set (set, it adds `run` of that program and /bin/sh).
 */
export function permissionTable(home = "/var/qmail"): string {
  const rows = [
    "| program | read | write | run | env | sys | net |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const name of Object.keys(programs).sort()) {
    const args = programs[name].docArgs ?? ["DIR"];
    const p = sandboxPermissions(name, { home, args, cwd: "/cwd", env: () => undefined });
    rows.push(
      `| ${name} | ${show(p.read)} | ${show(p.write)} | ${show(p.run)} | ${show(p.env)} | ${
        show(p.sys)
      } | ${show(p.net)} |`,
    );
  }
  return rows.join("\n") + "\n";
}

/** Replaces the table between the permissions markers of a markdown document. */
export function updateDocument(text: string, table = permissionTable()): string {
  const begin = "<!-- permissions:begin -->\n";
  const end = "<!-- permissions:end -->";
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error("no permissions markers in the document");
  return text.slice(0, a + begin.length) + table + text.slice(b);
}

// `deno task docs`: rewrite docs/ARCHITECTURE.md's table (then run deno fmt).
if (import.meta.main) {
  const doc = new URL("../../docs/ARCHITECTURE.md", import.meta.url);
  Deno.writeTextFileSync(doc, updateDocument(Deno.readTextFileSync(doc)));
}
