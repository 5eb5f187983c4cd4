import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LecternError } from '../../../shared/errors';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
  what: string;
}

const STALE_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** A lock left by a process that died (killed, crashed) or one older than an hour is taken over. */
function isStale(info: LockInfo | null, file: string, now: number): boolean {
  if (!info) {
    // Unreadable: a process died between creating and writing it, or is writing it right now.
    try {
      return now - fs.statSync(file).mtimeMs > 10_000;
    } catch {
      return true;
    }
  }
  if (info.host === os.hostname() && !alive(info.pid)) return true;
  return now - Date.parse(info.since) > STALE_MS;
}

interface Lock {
  release(): void;
}

/**
 * One maintenance job (a backup, a restore, a pre-migration backup) at a time per library,
 * across processes: an exclusive-create lock file in the backups folder. Waits up to `waitMs`,
 * then refuses with who holds it.
 */
export async function acquireLock(dir: string, what: string, waitMs = 0): Promise<Lock> {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new LecternError('INTERNAL', `Cannot use ${dir} for backups (${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file of that name is in the way' : (e as Error).message}).`, dir);
  }
  const file = path.join(dir, '.lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeFileSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString(), what } satisfies LockInfo));
      fs.closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          const info = readLock(file);
          if (info?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const info = readLock(file);
    if (isStale(info, file, Date.now())) {
      // Move it away before deleting, so two processes taking over do not both win.
      const gone = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, gone);
        fs.rmSync(gone, { force: true });
      } catch {}
      continue;
    }
    if (Date.now() >= deadline) {
      const who = info ? `process ${info.pid} (${info.what}, since ${info.since.slice(11, 19)} UTC)` : 'another process';
      throw new LecternError('LIBRARY_BUSY', `Another backup of this library is running in ${who}; Lectern runs one at a time. Try again when it is done.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** For `lectern doctor`: the current holder, if any, and whether it looks abandoned. */
export function inspectLock(dir: string): { held: boolean; stale: boolean; info: LockInfo | null } {
  const file = path.join(dir, '.lock');
  if (!fs.existsSync(file)) return { held: false, stale: false, info: null };
  const info = readLock(file);
  return { held: true, stale: isStale(info, file, Date.now()), info };
}
