/**
 * `deno task release`: dist/qmail-x86_64-unknown-linux-gnu and
 * dist/qmail-aarch64-unknown-linux-gnu (packaging/compile.ts's flags), then
 * dist/SHA256SUMS in sha256sum's format (`sha256sum -c SHA256SUMS` checks it).
 * Offline, each target needs its denort: DENORT_BIN_X86_64 and
 * DENORT_BIN_AARCH64 (DENORT_BIN serves this machine's own target).
 *
 * @module
 */

import { compile, RELEASE_TARGETS, releaseOutput } from "./compile.ts";

/** The SHA-256 of `bytes` in lowercase hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA256SUMS text for files in `dir`, named as given (two spaces: sha256sum's text mode). */
export async function sha256Sums(dir: string, names: string[]): Promise<string> {
  const lines: string[] = [];
  for (const n of names) lines.push(`${await sha256Hex(Deno.readFileSync(`${dir}/${n}`))}  ${n}`);
  return lines.map((l) => `${l}\n`).join("");
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url).pathname;
  let failed = 0;
  for (const t of RELEASE_TARGETS) {
    if (await compile(t, releaseOutput(t)) !== 0) failed++;
  }
  if (failed > 0) {
    console.error(`release: ${failed} of ${RELEASE_TARGETS.length} targets failed; no SHA256SUMS`);
    Deno.exitCode = 1;
  } else {
    const names = RELEASE_TARGETS.map((t) => releaseOutput(t).slice("dist/".length));
    const sums = await sha256Sums(`${root}dist`, names);
    Deno.writeTextFileSync(`${root}dist/SHA256SUMS`, sums);
    console.log(`release: wrote dist/SHA256SUMS\n${sums}`);
  }
}
