import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../db/open';

/** Verified copies of the database, newest kept, inside the library folder (copying the folder copies them). */
export const BACKUP_DIR = 'backups';
/** Where a damaged database is set aside: moved, never deleted. */
export const DAMAGED_DIR = 'damaged';
/** Left by whoever found damage while the library was open; the next start checks in full. */
export const SUSPECT_MARKER = '.lectern-suspect';

export type BackupReason = 'daily' | 'manual' | `pre-migration-v${number}`;

export interface BackupFile {
  file: string;
  name: string;
  /** ISO time the backup was taken (from its name: file times change when a folder is copied). */
  takenAt: string;
  reason: string;
  bytes: number;
}

const NAME_RE = /^lectern-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-([a-z0-9-]+)\.sqlite$/;

/** lectern-2026-11-25T120000123Z-daily.sqlite: sorts by time, valid on every file system. */
export function backupName(at: Date, reason: string): string {
  const iso = at.toISOString(); // 2026-11-25T12:00:00.123Z
  return `lectern-${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z-${reason}.sqlite`;
}

/** The backups in a library folder, newest first. Files not named by us are left alone. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = path.join(dataDir, BACKUP_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const m = NAME_RE.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    let bytes = 0;
    try {
      bytes = fs.statSync(file).size;
    } catch {
      continue;
    }
    out.push({ file, name, takenAt: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`, reason: m[8]!, bytes });
  }
  return out.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.name < b.name ? 1 : -1));
}

export function dbFile(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}

/** fsync a file or folder by path; folders make a rename durable. Not every platform allows it on folders. */
export function syncPath(p: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
