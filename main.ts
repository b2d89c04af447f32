#!/usr/bin/env -S deno run -A --unstable-worker-options --unstable-net --v8-flags=--max-semi-space-size=4 --quiet
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

/** This file's real path (what bin/ symlinks point at), or the binary when compiled. */
function realSelf(): string {
  if (Deno.build.standalone) return Deno.execPath();
  return Deno.realPathSync(new URL(import.meta.url));
}

/**
 * The raw argv[0] (a symlink's own name). Read from /proc: node:process has
 * it too, but loading node compatibility costs every run 30 ms.
 */
async function argv0(): Promise<string> {
  try {
    const cmdline = Deno.readFileSync("/proc/self/cmdline");
    return new TextDecoder().decode(cmdline.subarray(0, cmdline.indexOf(0)));
  } catch {
    return (await import("node:process")).default.argv0;
  }
}

if (import.meta.main) {
  const self = realSelf();
  const base = Deno.build.standalone ? import.meta.url : `file://${self}`;
  const { dispatch } = await import(new URL("./lib/sandbox/dispatch.ts", base).href);
  await dispatch(await argv0(), Deno.mainModule, Deno.args, self);
}
