/**
 * qmail's error_str: the short lower-case texts qmail's programs print for a
 * system error ("file does not exist", "access denied", …), for the errors a
 * program reading the queue can meet.
 *
 * @module
 */

/** qmail's texts by errno name (error_str.c). */
const TEXTS: Record<string, string> = {
  EINTR: "interrupted system call",
  ENOMEM: "out of memory",
  ENOENT: "file does not exist",
  EIO: "input/output error",
  EEXIST: "file already exists",
  ETIMEDOUT: "timed out",
  EAGAIN: "temporary failure",
  EPIPE: "broken pipe",
  EPERM: "permission denied",
  EACCES: "access denied",
  EBADF: "file descriptor not open",
  EBUSY: "device busy",
  EXDEV: "cross-device link",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EINVAL: "invalid argument",
  ENFILE: "system cannot open more files",
  EMFILE: "process cannot open more files",
  EFBIG: "file too big",
  ENOSPC: "out of disk space",
  EROFS: "read-only file system",
  EMLINK: "too many links",
  ELOOP: "symbolic link loop",
  ENAMETOOLONG: "file name too long",
  ENOTEMPTY: "directory not empty",
  EDQUOT: "disk quota exceeded",
  ESTALE: "stale NFS file handle",
};

/**
 * The qmail text for an error thrown by a Deno file operation. A sandbox
 * denial (Deno.errors.NotCapable) reads as qmail's "access denied"; anything
 * without a known errno keeps its own message.
 *
 * @example
 * ```ts
 * try { Deno.statSync("/nonexistent"); } catch (e) { errorText(e); } // "file does not exist"
 * ```
 */
export function errorText(e: unknown): string {
  if (e instanceof Deno.errors.NotCapable) return TEXTS.EACCES;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string" && Object.hasOwn(TEXTS, code)) return TEXTS[code];
  if (e instanceof Deno.errors.NotFound) return TEXTS.ENOENT;
  if (e instanceof Deno.errors.PermissionDenied) return TEXTS.EACCES;
  return e instanceof Error ? e.message : String(e);
}
