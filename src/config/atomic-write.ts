/**
 * Writes a file so that a crash at any moment leaves either the old or the new content, whole:
 * write a temporary file `.NAME.PID.TIME.tmp` in the same directory, fsync it, rename it over the
 * target, fsync the directory. A symbolic link is followed: the file it points to is replaced
 * (atomically, in its own directory) and the link stays a link. The temporary files an
 * interrupted save leaves behind (they hold the password hashes) are removed at the next start by
 * {@link removeStaleTemporaries}.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Most symbolic links followed (Linux's own limit, ELOOP). */
const MAX_LINKS = 40;

/**
 * The file a write to `target` must replace: `target` itself, or the end of its chain of symbolic
 * links (which may not exist yet: a dangling link names the file to create).
 */
export function resolveTarget(target: string): string {
  let p = path.resolve(target);
  for (let i = 0; i < MAX_LINKS; i++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p; // does not exist yet: create it here
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw new Error(`${target}: too many levels of symbolic links`);
}

/** Writes `content` to `target` (following symbolic links) atomically, with `mode`. */
export function writeFileAtomic(target: string, content: string | Buffer, mode = 0o600): void {
  const file = resolveTarget(target);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    try {
      fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  const dfd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

/** True when a process with this PID exists (EPERM: it exists but is not ours). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that an interrupted {@link writeFileAtomic} of `target` left: only
 * files named exactly `.NAME.PID.TIME.tmp` for this NAME (next to the link and next to the file it
 * points to), whose PID is not a running process nor this one. Returns the paths removed.
 */
export function removeStaleTemporaries(target: string): string[] {
  const places = new Set([path.resolve(target), resolveTarget(target)]);
  const removed: string[] = [];
  for (const file of places) {
    const dir = path.dirname(file);
    const name = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^\\.${name}\\.(\\d+)\\.(\\d+)\\.tmp$`);
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = pattern.exec(entry);
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid === process.pid || isAlive(pid)) continue; // a save in progress, maybe
      const p = path.join(dir, entry);
      try {
        if (!fs.lstatSync(p).isFile()) continue; // never a directory or a link someone placed
        fs.rmSync(p);
        removed.push(p);
      } catch {
        // gone already, or not ours to remove: leave it
      }
    }
  }
  return removed;
}
