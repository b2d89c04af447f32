/**
 * Test helper: a temporary QMAILHOME with a control/ directory.
 *
 * @module
 */

/** Runs `body` with a fresh QMAILHOME whose control/ holds `files`; removes it after. */
export async function withControl(
  files: Record<string, string>,
  body: (home: string) => void | Promise<void>,
): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "denoqmail-control-" });
  try {
    await Deno.mkdir(`${home}/control`);
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${home}/control/${name}`, text);
    }
    await body(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}
