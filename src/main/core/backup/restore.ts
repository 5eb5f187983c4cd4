import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DAMAGED_DIR, dbFile, listBackups, syncPath, type BackupFile } from './files';
import { verifyDatabaseFile, type Verdict } from './verify';

interface SetAside {
  /** Where the damaged database now is (with its -wal and -shm beside it, if it had them). */
  file: string;
  moved: string[];
}

/**
 * Moves the damaged database and its WAL out of the way, into damaged/. Never deletes: the
 * user may want it examined or repaired. The WAL must go with it: left beside a restored file,
 * SQLite would replay the old WAL into it.
 */
export function setAside(dataDir: string, now: Date): SetAside {
  const dir = path.join(dataDir, DAMAGED_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '').replace('T', '-');
  const base = path.join(dir, `lectern-${stamp}.sqlite`);
  const src = dbFile(dataDir);
  const moved: string[] = [];
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (!fs.existsSync(src + suffix)) continue;
    fs.renameSync(src + suffix, base + suffix);
    moved.push(base + suffix);
  }
  syncPath(dataDir);
  return { file: base, moved };
}

/** The newest backup that passes the full integrity check, with what it holds. */
export function newestGoodBackup(dataDir: string, nativeBinding?: string): { backup: BackupFile; verdict: Verdict; rejected: string[] } | null {
  const rejected: string[] = [];
  for (const b of listBackups(dataDir)) {
    const verdict = verifyDatabaseFile(b.file, { nativeBinding });
    if (verdict.ok) return { backup: b, verdict, rejected };
    rejected.push(`${b.name}: ${verdict.problems[0] ?? 'failed the integrity check'}`);
  }
  return null;
}

/** Copies a backup into place as the library database: temporary name, synced, renamed. */
export function putInPlace(dataDir: string, backup: BackupFile): void {
  const target = dbFile(dataDir);
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backup.file, tmp);
  syncPath(tmp);
  fs.renameSync(tmp, target);
  syncPath(dataDir);
}

interface Salvage {
  folder: string;
  digests: { name: string; importedAt: string; file: string }[];
  /** Rows that were there but could not be read. */
  unreadable: number;
}

/** The highest digest id in a (good) backup: digests above it were imported after the backup. */
export function lastDigestId(file: string, nativeBinding?: string): number {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return (db.prepare('SELECT coalesce(max(id), 0) FROM digest').pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
}

/**
 * What was imported after the backup may still be readable in the damaged file: each such
 * digest's raw text is written out, so the user can import it again. Row by row, so that damage
 * in one place does not hide the rest; best effort, reported, never thrown.
 */
export function salvageDigests(damaged: string, afterId: number, folder: string, nativeBinding?: string): Salvage | { error: string } {
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(damaged, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const one = db.prepare('SELECT id, name, imported_at, raw FROM digest WHERE id = ?');
    const out: Salvage = { folder, digests: [], unreadable: 0 };
    let last = afterId + 200;
    try {
      last = Math.max(afterId, (db.prepare('SELECT max(id) FROM digest').pluck().get() as number | null) ?? afterId);
    } catch {}
    // Past the last id the table admits to, look a little further in case its index was what broke.
    for (let id = afterId + 1, misses = 0; id <= last || (misses < 20 && id <= last + 200); id++) {
      let r: { id: number; name: string; imported_at: string; raw: string } | undefined;
      try {
        r = one.get(id) as typeof r;
      } catch {
        if (id <= last) out.unreadable++;
        else misses++;
        continue;
      }
      if (!r) {
        misses++;
        continue;
      }
      misses = 0;
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `digest-${r.id}-${r.name.replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 60)}.txt`);
      fs.writeFileSync(file, r.raw);
      out.digests.push({ name: r.name, importedAt: r.imported_at, file });
    }
    return out;
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    try {
      db?.close();
    } catch {}
  }
}
