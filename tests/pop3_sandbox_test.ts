/**
 * After authentication qmail-pop3d can touch nothing but the user's Maildir:
 * its sandbox grants are computed from its Maildir argument and the home
 * checkpassword changed to, and a probe under those grants is refused
 * everything else.
 *
 * @module
 */

import assert from "node:assert/strict";
import { sandboxPermissions } from "../lib/sandbox/dispatch.ts";

Deno.test("qmail-pop3d's grants are its Maildir (read, write) and its uid, nothing else", () => {
  const ctx = (args: string[]) => ({
    home: "/var/qmail",
    args,
    cwd: "/home/joe",
    env: () => undefined,
  });
  const p = sandboxPermissions("qmail-pop3d", ctx(["Maildir"]));
  assert.deepEqual(p, {
    read: ["/home/joe/Maildir"],
    write: ["/home/joe/Maildir"],
    net: false,
    run: false,
    env: ["QMAILHOME", "TZ", "POP3D_ALLOW_ROOT"],
    sys: ["uid"],
    ffi: false,
    import: false,
  });
  assert.deepEqual(sandboxPermissions("qmail-pop3d", ctx(["/srv/mail/joe/"])).read, [
    "/srv/mail/joe",
  ]);
});

Deno.test("under qmail-pop3d's sandbox only the Maildir can be read and written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qmt-pop3-sandbox-" });
  try {
    const home = `${dir}/home`;
    const maildir = `${home}/Maildir`;
    for (const sub of ["new", "cur", "tmp"]) {
      await Deno.mkdir(`${maildir}/${sub}`, { recursive: true });
    }
    await Deno.writeTextFile(`${home}/.profile`, "secret");
    await Deno.mkdir(`${dir}/qmail/control`, { recursive: true });
    await Deno.writeTextFile(`${dir}/qmail/control/poppasswd`, "joe:*::::");
    const permissions = sandboxPermissions("qmail-pop3d", {
      home: `${dir}/qmail`,
      args: ["Maildir"],
      cwd: home,
      env: () => undefined,
    });
    const w = new Worker(new URL("./pop3_probe.ts", import.meta.url), {
      type: "module",
      // @ts-ignore: Deno's worker options
      deno: { permissions },
    });
    const result = await new Promise<{ denied: string[] }>((resolve, reject) => {
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage({ maildir, home, qmailhome: `${dir}/qmail` });
    });
    w.terminate();
    assert.deepEqual(result.denied.sort(), [
      "listen",
      "read /etc/passwd",
      "read env PATH",
      "read home",
      "read poppasswd",
      "run /bin/true",
      "write /tmp",
      "write home",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
