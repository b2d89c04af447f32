import assert from "node:assert/strict";
import {
  compileArgs,
  denortHint,
  denortVariable,
  RELEASE_TARGETS,
  releaseOutput,
} from "../packaging/compile.ts";
import { sha256Sums } from "../packaging/release.ts";

// What `deno compile` prints when it cannot download denort (Deno 2.9, offline).
const OFFLINE = `Compile main.ts to dist/qmail-aarch64-unknown-linux-gnu
Download https://dl.deno.land/release/v2.9.6/denort-aarch64-unknown-linux-gnu.zip
error: Writing deno compile executable to temporary file 'dist/qmail.tmp-1'

Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-aarch64-unknown-linux-gnu.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known
`;

Deno.test("release builds linux x86_64 and aarch64 with the programs' flags", () => {
  assert.deepEqual(RELEASE_TARGETS, ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"]);
  for (const t of RELEASE_TARGETS) {
    assert.deepEqual(compileArgs(t, releaseOutput(t)), [
      "compile",
      "-A",
      "--unstable-worker-options",
      "--unstable-net",
      "--v8-flags=--max-semi-space-size=4",
      "--no-check",
      "--include",
      "lib/sandbox/dispatch.ts",
      "--include",
      "cmd/",
      "--target",
      t,
      "--output",
      `dist/qmail-${t}`,
      "main.ts",
    ]);
  }
  assert.deepEqual(compileArgs().slice(-3), ["--output", "dist/qmail", "main.ts"]);
  assert.equal(denortVariable("aarch64-unknown-linux-gnu"), "DENORT_BIN_AARCH64");
});

Deno.test("offline, compile says denort cannot be fetched and points to DENORT_BIN", () => {
  const hint = denortHint(OFFLINE, "aarch64-unknown-linux-gnu")!;
  assert.match(
    hint,
    /cannot fetch its runtime, denort \d+\.\d+\.\d+ for aarch64-unknown-linux-gnu/,
  );
  assert.match(hint, /offline/);
  assert.match(hint, /DENORT_BIN/);
  assert.match(denortHint(OFFLINE, undefined)!, /set DENORT_BIN to that denort binary/);
  assert.equal(denortHint("error: main.ts: syntax error", undefined), undefined);
  assert.match(denortHint("Could not find denort at '/x'", undefined, "/x")!, /DENORT_BIN=\/x/);
});

Deno.test("deno task compile with a DENORT_BIN that is not there fails with the hint, offline", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "compile", "--output", "dist/qmail-test-nonexistent"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { DENORT_BIN: "/nonexistent/denort" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr);
  assert.notEqual(out.code, 0);
  assert.match(err, /DENORT_BIN=\/nonexistent\/denort is not a denort binary/);
});

Deno.test("SHA256SUMS is in sha256sum's format", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-release-" });
  try {
    Deno.writeTextFileSync(`${dir}/a`, "abc");
    Deno.writeFileSync(`${dir}/b`, new Uint8Array(0));
    assert.equal(
      await sha256Sums(dir, ["a", "b"]),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a\n" +
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  b\n",
    );
    Deno.writeTextFileSync(`${dir}/SHA256SUMS`, await sha256Sums(dir, ["a", "b"]));
    const check = await new Deno.Command("sha256sum", {
      args: ["-c", "SHA256SUMS"],
      cwd: dir,
      stdout: "piped",
    }).output();
    assert.equal(check.code, 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
