import assert from "node:assert/strict";
import { DENO_RUN, ensureProgram } from "./helpers.ts";

/** Reads the child's stdout until `pattern` matches the text so far (bounded). */
async function readUntil(
  reader: ReadableStreamDefaultReader<string>,
  pattern: RegExp,
  sofar: { text: string },
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const m = sofar.text.match(pattern);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${sofar.text}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`start ended before ${pattern}:\n${sofar.text}`);
    sofar.text += value;
  }
}

async function sh(argv: string[]): Promise<{ code: number; out: string }> {
  const r = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return { code: r.code, out: new TextDecoder().decode(r.stdout) };
}

const swaks = await ensureProgram("swaks");
const curl = await ensureProgram("curl");
const missing = !swaks || !curl;
if (missing) console.log("skipping the start walk-through: swaks or curl cannot be installed");

Deno.test({
  name: "deno task start runs the mail system and its printed instructions work as written",
  ignore: missing,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "qmt-start-" });
    const home = `${dir}/var/qmail`;
    const child = new Deno.Command(Deno.execPath(), {
      args: [...DENO_RUN, "start"],
      env: { QMAILHOME: home },
      cwd: dir,
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const out = { text: "" };
    try {
      const send = await readUntil(reader, /Send: +(swaks [^\n]+)\n/, out);
      const lands = (await readUntil(reader, /Lands: +(\S+)\n/, out))[1];
      const read = (await readUntil(reader, /Read: +(curl [^\n]+)\n/, out))[1];
      await readUntil(reader, /Ctrl-C stops everything/, out);

      const sent = await sh([...send[1].split(" "), "--body", "hello from the walk-through"]);
      assert.equal(sent.code, 0, sent.out);
      assert.match(sent.out, /250 ok/);

      await readUntil(reader, /delivery \d+: success/, out);
      const files = [...Deno.readDirSync(lands)].map((e) => e.name);
      assert.equal(files.length, 1, `one message in ${lands}`);
      const onDisk = Deno.readTextFileSync(`${lands}/${files[0]}`);
      assert.match(onDisk, /hello from the walk-through/);

      // qmail-pop3d leaves a message dated this very second for the next session.
      await new Promise((r) => setTimeout(r, 1100));
      const fetched = await sh(["curl", "-s", ...read.split(" ").slice(1)]);
      assert.equal(fetched.code, 0);
      assert.match(fetched.out, /hello from the walk-through/);
    } finally {
      child.kill("SIGINT");
      await readUntil(reader, /status: exiting/, out).catch(() => {});
      const status = await child.status;
      await reader.cancel().catch(() => {});
      assert.equal(status.code, 0, out.text);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
