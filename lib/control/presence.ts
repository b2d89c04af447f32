/**
 * Which files a directory holds, cached by the directory's mtime: servers
 * read their control files for every session (as qmail does), and most of
 * those files usually do not exist — a failed open costs a thrown error each
 * time, a cached "absent" a stat of the directory. Creating or removing a
 * file changes the directory's mtime, so the cache never hides one; a
 * listing made within the mtime's own second is not trusted (coarse clocks).
 *
 * @module
 */

interface Listing {
  mtime: number;
  listedAt: number;
  names: Set<string>;
}

const listings = new Map<string, Listing>();

/**
 * False when `path` certainly does not exist; true when it may (then open it
 * and handle NotFound as usual).
 */
export function mayExist(path: string): boolean {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash) || "/";
  let mtime: number;
  try {
    mtime = Deno.statSync(dir).mtime?.getTime() ?? NaN;
  } catch {
    return true;
  }
  let l = listings.get(dir);
  if (!l || l.mtime !== mtime || Math.floor(l.listedAt / 1000) <= Math.floor(mtime / 1000)) {
    try {
      const names = new Set([...Deno.readDirSync(dir)].map((e) => e.name));
      l = { mtime, listedAt: Date.now(), names };
      listings.set(dir, l);
    } catch {
      return true;
    }
  }
  return l.names.has(path.slice(slash + 1));
}
