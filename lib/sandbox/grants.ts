/**
 * What a program may touch: the Deno permissions a program declares, and the
 * conversion to a Worker's `deno.permissions` (anything not listed is denied,
 * including ffi and remote imports).
 *
 * @module
 */

/** One permission category: `false` (none), a list of paths/names/hosts, or `true` (all). */
export type Grant = boolean | string[];

/** The permissions one program runs with. Omitted categories are denied. */
export interface Grants {
  read?: Grant;
  write?: Grant;
  net?: Grant;
  run?: Grant;
  env?: Grant;
  sys?: Grant;
}

/** What a program's grant function may look at to decide its grants. */
export interface GrantContext {
  /** Absolute QMAILHOME (symlinks resolved when it exists). */
  home: string;
  /** Arguments after the program name. */
  args: string[];
  /** Current directory. */
  cwd: string;
  /** Reads an environment variable of the invoking process. */
  env(name: string): string | undefined;
}

/** Environment variables every program may read. */
export const BASE_ENV = ["QMAILHOME", "TZ"];

/** The Worker `deno.permissions` object for a program's grants. */
export function workerPermissions(g: Grants): Record<string, Grant> {
  return {
    read: g.read ?? false,
    write: g.write ?? false,
    net: g.net ?? false,
    run: g.run ?? false,
    env: g.env ?? BASE_ENV,
    sys: g.sys ?? false,
    ffi: false,
    import: false,
  };
}

/**
 * The permissions of tcpserver's further loops: the first loop's, with its
 * listen address `host:0` (the kernel picks the port) narrowed to the port the
 * first loop was given, which the others bind too. Other `:0` grants (a
 * resolver's local port) stay as they are.
 */
export function withBoundPort(
  permissions: Record<string, unknown>,
  listen: string,
  port: number,
): Record<string, unknown> {
  const net = permissions.net;
  if (!Array.isArray(net) || !listen.endsWith(":0")) return permissions;
  const bound = `${listen.slice(0, -1)}${port}`;
  return { ...permissions, net: net.map((a: string) => a === listen ? bound : a) };
}
