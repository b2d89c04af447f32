#!/usr/bin/env -S deno run -A --unstable-worker-options --quiet
/**
 * `qmail`: every qmail program in one executable. Run `qmail <program>`, or
 * call it through a symlink named after the program.
 *
 * This file has no static imports on purpose: run through a symlink, Deno
 * resolves relative imports against the link's directory, so the real
 * location of this file is found first.
 *
 * @module
 */

import process from "node:process";

/** This file's real path (what bin/ symlinks point at), or the binary when compiled. */
function realSelf(): string {
  if (Deno.build.standalone) return Deno.execPath();
  return Deno.realPathSync(new URL(import.meta.url));
}

if (import.meta.main) {
  const self = realSelf();
  const base = Deno.build.standalone ? import.meta.url : `file://${self}`;
  const { dispatch } = await import(new URL("./lib/sandbox/dispatch.ts", base).href);
  await dispatch(process.argv0, Deno.mainModule, Deno.args, self);
}
