/**
 * bench/inject: how long `sendmail -t` takes to queue a 2 KB message, and its
 * peak RSS, per invocation — against a bare `deno run` of an empty script in
 * the same run (Deno's own start-up cost, the floor for any Deno program).
 * `sendmail -t` is measured twice: its Worker loading the sources (the
 * checkout's sendmail bundle moved aside), and loading the bundle
 * (lib/sandbox/bundle.ts, built here and left in dist/workers/).
 *
 * Each invocation is timed by a small Python wrapper around fork/exec/wait4,
 * which also reports that child's own peak RSS. Prints figures; never fails
 * on time.
 *
 * Usage: deno task bench [runs]   (default 30 runs each)
 *
 * @module
 */

import { DENO_RUN, makeTree } from "../tests/helpers.ts";
import { buildBundle, bundleDir, freshBundle } from "../lib/sandbox/bundle.ts";

const RUNS = Number(Deno.args[0] ?? 30);

const WRAPPER = `
import os, sys, time
stdin = sys.argv[1]
argv = sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(stdin, os.O_RDONLY)
    os.dup2(fd, 0)
    devnull = os.open("/dev/null", os.O_WRONLY)
    os.dup2(devnull, 1)
    os.execvp(argv[0], argv)
_, status, ru = os.wait4(pid, 0)
wall = (time.perf_counter() - t0) * 1000
print(f"{wall:.2f} {ru.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
`;

interface Sample {
  wallMs: number;
  rssKb: number;
}

async function measure(argv: string[], stdin: string, env: Record<string, string>) {
  const out = await new Deno.Command("python3", {
    args: ["-c", WRAPPER, stdin, ...argv],
    env,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const [wall, rss, code] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}`);
  return { wallMs: wall, rssKb: rss } as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One line of figures: the median wall time and the peak RSS of `samples`. */
function report(label: string, samples: Sample[]): number {
  const wall = median(samples.map((s) => s.wallMs));
  const rss = Math.max(...samples.map((s) => s.rssKb));
  console.log(
    `${label.padEnd(34)} median ${wall.toFixed(1).padStart(6)} ms   peak RSS ${
      (rss / 1024).toFixed(1).padStart(6)
    } MB`,
  );
  return wall;
}

if (import.meta.main) {
  using t = await makeTree("test.example");
  const body = "x".repeat(70) + "\n";
  const message = "To: bob@test.example\nFrom: alice@test.example\nSubject: bench\n\n" +
    body.repeat(28);
  const msgFile = `${t.dir}/message`;
  await Deno.writeTextFile(msgFile, message);
  const empty = `${t.dir}/empty.ts`;
  await Deno.writeTextFile(empty, "");
  const env = { QMAILHOME: t.home };
  await buildBundle("sendmail");
  if (!freshBundle("sendmail")) throw new Error("the sendmail bundle is not fresh");
  // The three are measured in turn, so that other load on the machine falls
  // on each alike; the bundle is moved aside for the runs from the sources.
  const bundle = bundleDir("sendmail");
  const aside = `${bundle}.aside`;
  const runs = {
    empty: () => measure([Deno.execPath(), "run", "--quiet", empty], msgFile, env),
    sources: async () => {
      Deno.renameSync(bundle, aside);
      try {
        return await measure([Deno.execPath(), ...DENO_RUN, "sendmail", "-t"], msgFile, env);
      } finally {
        Deno.renameSync(aside, bundle);
      }
    },
    bundled: () => measure([Deno.execPath(), ...DENO_RUN, "sendmail", "-t"], msgFile, env),
  };
  const samples = { empty: [] as Sample[], sources: [] as Sample[], bundled: [] as Sample[] };
  console.log(`bench/inject: ${RUNS} runs each, ${message.length}-byte message`);
  for (let i = 0; i <= RUNS; i++) {
    for (const k of ["empty", "sources", "bundled"] as const) {
      const s = await runs[k]();
      if (i > 0) samples[k].push(s); // the first round warms the caches
    }
  }
  const floor = report("deno run (empty script)", samples.empty);
  const sources = report("sendmail -t (2 KB), sources", samples.sources);
  const bundled = report("sendmail -t, worker bundle", samples.bundled);
  for (const [what, ms] of [["", sources], [", bundled", bundled]] as const) {
    console.log(
      `sendmail -t${what} costs ${(ms - floor).toFixed(1)} ms over Deno's start-up (ratio ${
        (ms / floor).toFixed(2)
      }x)`,
    );
  }
  const queued = [...Deno.readDirSync(`${t.home}/queue/todo`)].length;
  console.log(`messages queued: ${queued}`);
}
