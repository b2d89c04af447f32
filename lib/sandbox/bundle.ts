/**
 * Worker bundles: the module graph a program's Worker loads (worker_entry.ts
 * and `cmd/<module>.ts` with all they import) made into a few JavaScript
 * files by `deno bundle --code-splitting`. Deno's module loader costs a
 * fresh Worker about a quarter of a millisecond a module, and `sendmail -t`
 * loads some forty: bundled, its Worker starts about 8 ms sooner. Literal
 * `import()`s stay separate chunks, loaded only when called, as before.
 *
 * A bundle lives in `dist/workers/<module>/` of the checkout, beside the code
 * it was made from (the same trust: whoever may change one may change the
 * other), and is used only while it is fresh: its manifest records the size
 * and mtime of every source file it was made from, and the dispatcher checks
 * them all (about 1 ms) before choosing it. Any difference, or no bundle, and
 * the Worker loads the sources as always, so a bundle can be out of date but
 * never wrong. A compiled `qmail` never uses bundles.
 *
 * Built by `deno run -A lib/sandbox/bundle.ts` after installing or updating
 * a checkout, for the short-lived injection programs below only: the others
 * do not even look for a bundle (a first failed file operation costs a fresh
 * isolate about 0.6 ms).
 *
 * @module
 */

/** The modules bundled: programs run once per message, whose start-up is their cost. */
export const BUNDLED_MODULES: readonly string[] = ["sendmail", "qmail-inject"];

/** The checkout's root directory, with a trailing slash. */
const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);

/** One source file as the bundle saw it: path, size, mtime in ms. */
type SourceStamp = [path: string, size: number, mtime: number];

interface Manifest {
  /** The entry file, relative to the bundle's directory. */
  entry: string;
  sources: SourceStamp[];
}

/** Where the checkout's bundles live. */
const WORKERS = `${ROOT}dist/workers`;

/** Where `module`'s bundle lives (`workers`: another place, for tests). */
export function bundleDir(module: string, workers = WORKERS): string {
  return `${workers}/${module}`;
}

function stamp(path: string): SourceStamp | undefined {
  try {
    const st = Deno.statSync(path);
    return [path, st.size, st.mtime?.getTime() ?? -1];
  } catch {
    return undefined;
  }
}

/**
 * The file URL of `module`'s bundle entry (exporting `runProgram` and the
 * module's exports) when every source it was made from is unchanged;
 * undefined when there is none or it is out of date.
 */
export function freshBundle(module: string, workers = WORKERS): string | undefined {
  if (Deno.build.standalone || !BUNDLED_MODULES.includes(module)) return undefined;
  const dir = bundleDir(module, workers);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  } catch {
    return undefined;
  }
  for (const [path, size, mtime] of manifest.sources) {
    const now = stamp(path);
    if (!now || now[1] !== size || now[2] !== mtime) return undefined;
  }
  return new URL(`file://${dir}/${manifest.entry}`).href;
}

async function deno(args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!out.success) throw new Error(`deno ${args[0]} failed: ${text.decode(out.stderr)}`);
  return text.decode(out.stdout);
}

/** The local files `entry` is made of, from `deno info --json`, and the config that resolves them. */
async function sourcesOf(entry: string, cwd: string): Promise<string[]> {
  const info = JSON.parse(await deno(["info", "--json", entry], cwd)) as {
    modules: { specifier: string }[];
  };
  const files = info.modules
    .map((m) => m.specifier)
    .filter((s) => s.startsWith("file://"))
    .map((s) => decodeURIComponent(new URL(s).pathname))
    .filter((p) => p !== entry);
  return [...files, ...["deno.json", "deno.lock"].map((f) => ROOT + f).filter((f) => stamp(f))];
}

/**
 * Builds `module`'s bundle and replaces the old one. Refuses a graph that
 * uses `import.meta` (its meaning would change with the file's place) and
 * sources that change while it works.
 */
export async function buildBundle(module: string, workers = WORKERS): Promise<void> {
  Deno.mkdirSync(workers, { recursive: true });
  const tmp = Deno.makeTempDirSync({ dir: workers, prefix: `.${module}-` });
  try {
    const entry = `${tmp}/entry.ts`;
    Deno.writeTextFileSync(
      entry,
      `export { runProgram } from ${JSON.stringify(`${ROOT}lib/sandbox/worker_entry.ts`)};\n` +
        `export * from ${JSON.stringify(`${ROOT}cmd/${module}.ts`)};\n`,
    );
    const files = await sourcesOf(entry, ROOT);
    const before = files.map(stamp);
    for (const f of files) {
      if (f.endsWith(".ts") && Deno.readTextFileSync(f).includes("import.meta")) {
        throw new Error(`${module}: ${f} uses import.meta; not bundled`);
      }
    }
    const out = `${tmp}/out`;
    await deno(
      [
        "bundle",
        "--quiet",
        "--platform",
        "deno",
        "--code-splitting",
        "--keep-names",
        "--outdir",
        out,
        entry,
      ],
      ROOT,
    );
    const after = files.map(stamp);
    if (JSON.stringify(before) !== JSON.stringify(after) || before.some((s) => !s)) {
      throw new Error(`${module}: sources changed while bundling; run again`);
    }
    const manifest: Manifest = { entry: "entry.js", sources: after as SourceStamp[] };
    Deno.writeTextFileSync(`${out}/manifest.json`, JSON.stringify(manifest) + "\n");
    const dir = bundleDir(module, workers);
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    Deno.renameSync(out, dir);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
}

if (import.meta.main) {
  for (const module of BUNDLED_MODULES) {
    await buildBundle(module);
    console.log(`${bundleDir(module)}: ${freshBundle(module) ? "built" : "built, but not fresh"}`);
  }
}
