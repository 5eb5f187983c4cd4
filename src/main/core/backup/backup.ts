import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { BACKUP_DIR, backupName, listBackups, syncPath, type BackupFile, type BackupReason } from './files';
import { acquireLock } from './lock';
import { verifyDatabaseFile, verifyInWorker, type Verdict } from './verify';

/** How many backups are kept: routine ones (daily, manual) and the ones taken before upgrades. */
export const KEEP = { routine: 7, preMigration: 3 };

interface BackupOptions {
  reason: BackupReason;
  now: Date;
  nativeBinding?: string;
  /** Check the copy on a worker thread (the app, the server) rather than inline (the CLI). */
  verifyOnWorker?: boolean;
  /** How long to wait for another backup of this library to finish (default: do not wait). */
  waitMs?: number;
  /** The caller holds the library's maintenance lock already (a pre-migration backup). */
  lockHeld?: boolean;
}

export interface BackupOutcome extends BackupFile {
  papers: number | null;
  digests: number | null;
  /** Backups rotated out to keep the count bounded. */
  removed: string[];
}

/**
 * A verified copy of the library database. SQLite's online backup API copies a consistent
 * snapshot while the library stays in use; the copy is written under a temporary name, made
 * self-contained, checked with integrity_check, synced, and only then renamed into place — so a
 * file with a backup's name is always a whole, good backup. Then the oldest are rotated out.
 * One backup at a time per library (a lock file shared by all processes).
 *
 * A copy that fails the check means the library itself is damaged: it is thrown away (it is
 * only a copy), the existing backups are kept untouched, and the caller hears LIBRARY_DAMAGED.
 */
export async function backupDatabase(db: Database, dataDir: string, opts: BackupOptions): Promise<BackupOutcome> {
  const dir = path.join(dataDir, BACKUP_DIR);
  const lock = opts.lockHeld ? { release() {} } : await acquireLock(dir, `${opts.reason} backup`, opts.waitMs ?? 0);
  let tmp: string | null = null;
  try {
    fs.mkdirSync(dir, { recursive: true });
    removeLeftovers(dir);
    let name = backupName(opts.now, opts.reason);
    for (let n = 2; fs.existsSync(path.join(dir, name)); n++) name = backupName(opts.now, `${opts.reason}-${n}`);
    tmp = path.join(dir, `.${name}.tmp`);
    try {
      await db.backup(tmp);
    } catch (e) {
      throw new LecternError('INTERNAL', `The backup could not be written to ${dir}: ${(e as Error).message}`, dir);
    }
    const verdict: Verdict = opts.verifyOnWorker ? await verifyInWorker(tmp, { finalize: true, nativeBinding: opts.nativeBinding }) : verifyDatabaseFile(tmp, { finalize: true, nativeBinding: opts.nativeBinding });
    if (!verdict.ok) {
      throw new LecternError(
        'LIBRARY_DAMAGED',
        `The library database is damaged: a fresh copy of it fails SQLite's integrity check (${verdict.problems.slice(0, 3).join('; ')}). The existing backups were kept as they are.`,
        dataDir,
      );
    }
    syncPath(tmp);
    const file = path.join(dir, name);
    fs.renameSync(tmp, file);
    tmp = null;
    syncPath(dir);
    const removed = rotate(dataDir);
    const made = listBackups(dataDir).find((b) => b.file === file)!;
    return { ...made, papers: verdict.papers, digests: verdict.digests, removed };
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
    lock.release();
  }
}

/** Temporary copies left by a backup that was killed: only ever ours, never a finished backup. */
function removeLeftovers(dir: string): void {
  for (const f of fs.readdirSync(dir)) {
    if (/^\.lectern-.*\.sqlite\.tmp(-journal|-wal|-shm)?$/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
  }
}

/** Keeps the newest KEEP.routine routine backups and KEEP.preMigration pre-migration ones. */
function rotate(dataDir: string): string[] {
  const all = listBackups(dataDir);
  const pre = all.filter((b) => b.reason.startsWith('pre-migration'));
  const routine = all.filter((b) => !b.reason.startsWith('pre-migration'));
  const drop = [...routine.slice(KEEP.routine), ...pre.slice(KEEP.preMigration)];
  for (const b of drop) fs.rmSync(b.file, { force: true });
  return drop.map((b) => b.name);
}

/** Routine backups only: is the newest older than `maxAgeMs`? */
export function backupDue(dataDir: string, now: Date, maxAgeMs = 24 * 60 * 60 * 1000): boolean {
  const newest = listBackups(dataDir).find((b) => !b.reason.startsWith('pre-migration'));
  return !newest || now.getTime() - Date.parse(newest.takenAt) >= maxAgeMs;
}
