import assert from "node:assert/strict";
import { ExitError } from "../cli/exit.ts";
import { overlayEnv, runSendmail, type SendmailIO } from "./run.ts";

Deno.test("sendmail's environment changes override, hide, or pass through variables", () => {
  const base: Record<string, string> = { USER: "joe", MAILNAME: "Joe", HOME: "/home/joe" };
  const env = overlayEnv((n) => base[n], { QMAILUSER: "alice", MAILNAME: null });
  assert.equal(env("QMAILUSER"), "alice");
  assert.equal(env("MAILNAME"), undefined);
  assert.equal(env("USER"), "joe");
  assert.equal(env("NAME"), undefined);
});

function io(home: string, written: Uint8Array[]): SendmailIO {
  return {
    home,
    env: () => undefined,
    stdin: { read: () => Promise.resolve(null) },
    stdout: {
      write(p) {
        written.push(p.slice());
        return Promise.resolve(p.length);
      },
    },
  };
}

Deno.test("sendmail -bp in-process writes qmail-qread's listing to its stdout", async () => {
  const home = await Deno.makeTempDir();
  try {
    const written: Uint8Array[] = [];
    // No queue at all: qmail-qread's fatal line, on stdout, and 111.
    assert.equal(await runSendmail(["-bp"], io(home, written)), 111);
    const text = written.map((b) => new TextDecoder().decode(b)).join("");
    assert.equal(text, "fatal: unable to chdir: file does not exist\n");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("sendmail's refusals are thrown as ExitError with the code and message", async () => {
  const home = await Deno.makeTempDir();
  try {
    await assert.rejects(
      runSendmail(["-q"], io(home, [])),
      (e) => e instanceof ExitError && e.code === 100 && /-q is not supported/.test(e.message),
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
