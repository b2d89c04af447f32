/**
 * The generated tables of the documents: docs/ARCHITECTURE.md's permission
 * table, made from the program table, and the README's control-file table,
 * made from lib/control's, so neither can drift (tests/docs_test.ts compares).
 *
 * @module
 */

import { programs } from "../../cmd/registry.ts";
import type { Grant } from "./grants.ts";
import { sandboxPermissions } from "./dispatch.ts";
import { CONTROL_FILES } from "../control/files.ts";

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

/** Replaces what stands between `<!-- NAME:begin -->` and `<!-- NAME:end -->`. */
export function replaceSection(text: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->\n`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`no ${name} markers in the document`);
  return text.slice(0, a + begin.length) + body + text.slice(b);
}

/** The markdown table of every control file with its default (README). */
export function controlFileTable(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = ["| file | default | read by | meaning |", "|---|---|---|---|"];
  for (const f of CONTROL_FILES) {
    rows.push(
      `| \`${f.name}\` | ${cell(f.defaultText)} | ${f.usedBy.join(", ")} | ${cell(f.meaning)} |`,
    );
  }
  return rows.join("\n") + "\n";
}

// `deno task docs`: rewrite the generated tables (then deno fmt formats them).
if (import.meta.main) {
  const arch = new URL("../../docs/ARCHITECTURE.md", import.meta.url);
  Deno.writeTextFileSync(
    arch,
    replaceSection(Deno.readTextFileSync(arch), "permissions", permissionTable()),
  );
  const readme = new URL("../../README.md", import.meta.url);
  Deno.writeTextFileSync(
    readme,
    replaceSection(Deno.readTextFileSync(readme), "control-files", controlFileTable()),
  );
}
