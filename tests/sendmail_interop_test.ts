/**
 * sendmail driven by real mail senders from Debian: s-nail (mail/mailx),
 * mutt and PHP's mail(), each pointed at the tree's bin/sendmail link. The
 * packages are installed by the test itself when missing; a test whose
 * package cannot be installed says so and passes.
 */

import assert from "node:assert/strict";
import { ensureProgram, makeTree, queuedPaths, type TempTree } from "./helpers.ts";

const latin1 = new TextDecoder("latin1");

/** The queued messages: envelope (todo/N without u/p) and message (mess/N). */
function queued(home: string): { envelope: string; message: string }[] {
  return queuedPaths(home).map(({ todo, mess }) => {
    return {
      envelope: latin1.decode(Deno.readFileSync(`${home}/queue/${todo}`)).replace(
        /^u\d+\0p\d+\0/,
        "",
      ),
      message: latin1.decode(Deno.readFileSync(`${home}/queue/${mess}`)),
    };
  });
}

/** Runs a mail sender with a clean environment in which `deno` (bin/sendmail's shebang) is found. */
async function send(
  tree: TempTree,
  cmd: string,
  args: string[],
  stdin: string,
): Promise<{ code: number; output: string }> {
  const denoDir = Deno.execPath().replace(/\/[^/]*$/, "");
  const child = new Deno.Command(cmd, {
    args,
    clearEnv: true,
    env: {
      PATH: `${denoDir}:/usr/local/bin:/usr/bin:/bin`,
      HOME: tree.dir,
      QMAILHOME: tree.home,
      MAILRC: "/dev/null",
      LANG: "C",
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const out = await child.output();
  return { code: out.code, output: latin1.decode(out.stdout) + latin1.decode(out.stderr) };
}

Deno.test("mail (s-nail) sends through sendmail, with -r as the envelope sender", async () => {
  const nail = await ensureProgram("s-nail", "s-nail");
  if (!nail) return console.log("skipped: s-nail is not installed and could not be");
  using tree = await makeTree("test.example");
  const mta = `${tree.home}/bin/sendmail`;
  const args = ["-n", "-S", `mta=${mta}`, "-S", "sendwait", "-s", "nail subject"];
  const r = await send(
    tree,
    nail,
    [...args, "-r", "alice@test.example", "bob@test.example"],
    "hi\n",
  );
  assert.equal(r.code, 0, r.output);
  const [q, ...more] = queued(tree.home);
  assert.deepEqual(more, []);
  assert.equal(q.envelope, "Falice@test.example\0Tbob@test.example\0");
  assert.match(q.message, /^Subject: nail subject$/m);
  assert.match(q.message, /\n\nhi\n$/);
});

Deno.test("mutt sends through sendmail to the recipients it names", async () => {
  const mutt = await ensureProgram("mutt", "mutt");
  if (!mutt) return console.log("skipped: mutt is not installed and could not be");
  using tree = await makeTree("test.example");
  const setup = `set sendmail="${tree.home}/bin/sendmail"; set use_envelope_from=yes; ` +
    `set from="Carol <carol@test.example>"`;
  const r = await send(
    tree,
    mutt,
    ["-n", "-F", "/dev/null", "-e", setup, "-s", "mutt subject", "dave@remote.example"],
    "from mutt\n",
  );
  assert.equal(r.code, 0, r.output);
  const [q, ...more] = queued(tree.home);
  assert.deepEqual(more, []);
  assert.equal(q.envelope, "Fcarol@test.example\0Tdave@remote.example\0");
  assert.match(q.message, /^From: Carol <carol@test\.example>$/m);
  assert.match(q.message, /\n\nfrom mutt\n$/);
});

Deno.test("PHP's mail() (sendmail -t -i, CRLF line ends) queues a clean message", async () => {
  const php = await ensureProgram("php", "php-cli");
  if (!php) return console.log("skipped: php is not installed and could not be");
  using tree = await makeTree("test.example");
  const script = 'exit(mail("erin@test.example", "php subject", "line 1\\n.\\nline 3", ' +
    '"From: web@test.example", "-fbounces@test.example") ? 0 : 1);';
  const path = `-d sendmail_path=${tree.home}/bin/sendmail -t -i`;
  const r = await send(tree, php, ["-n", path, "-r", script], "");
  assert.equal(r.code, 0, r.output);
  const [q, ...more] = queued(tree.home);
  assert.deepEqual(more, []);
  assert.equal(q.envelope, "Fbounces@test.example\0Terin@test.example\0");
  assert.doesNotMatch(q.message, /\r/);
  assert.match(
    q.message,
    /^Subject: php subject\nFrom: web@test\.example\n\nline 1\n\.\nline 3\n$/m,
  );
});
