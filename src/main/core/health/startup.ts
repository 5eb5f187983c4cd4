import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../../shared/errors';
import { backupDatabase, type BackupOutcome } from '../backup/backup';
import { checkLibrary } from '../backup/check';
import { BACKUP_DIR, dbFile, listBackups, SUSPECT_MARKER } from '../backup/files';
import { acquireLock } from '../backup/lock';
import { lastDigestId, newestGoodBackup, putInPlace, salvageDigests, setAside } from '../backup/restore';
import { migrate, schemaVersion } from '../db/migrate';
import { SCHEMA_VERSION } from '../db/migrations';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/open';
import type { Logger } from '../logger';
import { addNotices, type NewNotice } from './notices';

interface PrepareOptions {
  now?: () => Date;
  logger?: Logger;
  nativeBinding?: string;
  /** Libraries up to this size get the full integrity check at every start (see checkLibrary). */
  fullCheckMaxBytes?: number;
  /** How long to wait for another process's backup or restore of this library. */
  lockWaitMs?: number;
  /** Hand the opened, up-to-date connection over in the report (for createCore) instead of closing it. */
  keepOpen?: boolean;
}

interface StartupReport {
  /** What the user must be told now (also stored in the library for the UI's banner). */
  notices: NewNotice[];
  restored: { from: string; takenAt: string; setAside: string } | null;
  preMigrationBackup: BackupOutcome | null;
  migratedFrom: number | null;
  fullCheck: boolean;
  /** With keepOpen: the library's connection, checked and migrated; the caller closes it (createCore adopts it). */
  db?: Database;
}

/**
 * Everything that happens to a library before it is used, in every host (the app, `lectern
 * serve`, each CLI command):
 *  1. The check (checkLibrary). A damaged database is set aside in damaged/ — never deleted —
 *     and the newest backup that passes the integrity check is put in its place; digests
 *     imported after that backup are salvaged as text when the damaged file still reads. With
 *     no good backup, nothing is moved and the start is refused with the reason: never a
 *     silent empty library. A missing database with backups beside it counts as damage too.
 *  2. Before a migration changes the schema, a verified backup (pre-migration-vN); if it cannot
 *     be made, the library is left as it was and the start refused.
 *  3. Migrations, then the notices of what happened, written into the library.
 * Restores and pre-migration backups hold the library's maintenance lock, so two processes
 * starting at once do it once.
 */
export async function prepareLibrary(dataDir: string, opts: PrepareOptions = {}): Promise<StartupReport> {
  const now = opts.now ?? (() => new Date());
  const report: StartupReport = { notices: [], restored: null, preMigrationBackup: null, migratedFrom: null, fullCheck: false };
  fs.mkdirSync(dataDir, { recursive: true });
  const lockDir = path.join(dataDir, BACKUP_DIR);
  const checkOpts = { nativeBinding: opts.nativeBinding, fullCheckMaxBytes: opts.fullCheckMaxBytes };

  let state = checkLibrary(dataDir, checkOpts);
  const hasBackups = () => listBackups(dataDir).length > 0;
  if (state.kind === 'damaged' || (state.kind === 'absent' && hasBackups())) {
    const lock = await acquireLock(lockDir, 'restore', opts.lockWaitMs ?? 120_000);
    try {
      state = checkLibrary(dataDir, checkOpts); // another process may have restored it meanwhile
      if (state.kind === 'damaged' || (state.kind === 'absent' && hasBackups())) {
        report.notices.push(restore(dataDir, state.kind === 'damaged' ? state.reason : null, now(), opts, report));
        state = checkLibrary(dataDir, { ...checkOpts, full: true });
        if (state.kind === 'damaged') throw new LecternError('LIBRARY_DAMAGED', `The restored backup does not open cleanly (${state.reason}).`, dataDir);
      }
    } finally {
      lock.release();
    }
  }
  report.fullCheck = state.kind === 'ok' && state.fullCheck;
  if (report.fullCheck) fs.rmSync(path.join(dataDir, SUSPECT_MARKER), { force: true });

  const db = openDatabase(dataDir, { nativeBinding: opts.nativeBinding, noMigrate: true });
  try {
    const found = schemaVersion(db);
    if (found > 0 && found < SCHEMA_VERSION) {
      const refuse = (e: unknown): never => {
        if (e instanceof LecternError && e.code === 'LIBRARY_BUSY') throw e;
        throw new LecternError(
          e instanceof LecternError && e.code === 'LIBRARY_DAMAGED' ? 'LIBRARY_DAMAGED' : 'INTERNAL',
          `This Lectern must upgrade the library (schema ${found} to ${SCHEMA_VERSION}) and backs it up first, but the backup failed: ${(e as Error).message} The library was not changed.`,
          dataDir,
        );
      };
      const lock = await acquireLock(lockDir, 'upgrade', opts.lockWaitMs ?? 120_000).catch(refuse);
      try {
        if (schemaVersion(db) < SCHEMA_VERSION) {
          report.preMigrationBackup = await backupDatabase(db, dataDir, { reason: `pre-migration-v${found}`, now: now(), nativeBinding: opts.nativeBinding, lockHeld: true }).catch(refuse);
          migrate(db);
          report.migratedFrom = found;
          opts.logger?.info(`upgraded the library from schema ${found} to ${SCHEMA_VERSION}; the previous version is kept in ${report.preMigrationBackup.file}`);
        }
      } finally {
        lock.release();
      }
    } else {
      migrate(db); // a new library, or one up to date (a newer one is refused here)
    }
    if (report.notices.length) addNotices(db, report.notices, now().toISOString());
  } catch (e) {
    db.close();
    throw e;
  }
  // One open per start: the host uses this connection rather than opening the library again.
  if (opts.keepOpen) report.db = db;
  else db.close();
  return report;
}

function restore(dataDir: string, reason: string | null, now: Date, opts: PrepareOptions, report: StartupReport): NewNotice {
  const file = dbFile(dataDir);
  const good = newestGoodBackup(dataDir, opts.nativeBinding);
  if (!good) {
    if (reason === null) throw new LecternError('LIBRARY_DAMAGED', `The library file ${file} is missing, and none of the backups in ${path.join(dataDir, BACKUP_DIR)} passes the integrity check. Nothing was changed. Run \`lectern doctor\` for details.`, dataDir);
    throw new LecternError(
      'LIBRARY_DAMAGED',
      `The library file ${file} is damaged (${reason}), and there is no good backup to restore. Nothing was moved or deleted. Run \`lectern doctor\` for details; copy the library folder somewhere safe before trying any repair.`,
      dataDir,
    );
  }
  const { backup, verdict } = good;
  const when = backup.takenAt.slice(0, 16).replace('T', ' ') + ' UTC';
  const held = `${plural(verdict.papers, 'paper')} in ${plural(verdict.digests, 'digest')}`;
  if (reason === null) {
    putInPlace(dataDir, backup);
    report.restored = { from: backup.file, takenAt: backup.takenAt, setAside: '' };
    opts.logger?.warn(`the library file was missing; restored the backup of ${when}`);
    return {
      level: 'warning',
      title: 'The library file was missing and has been restored from a backup',
      message: `${file} was not there, but backups were. Lectern restored the newest good one, taken ${when} (${held}). Anything imported or marked after that time is not in it. If you meant to start an empty library, move the backups folder away first.`,
    };
  }
  const aside = setAside(dataDir, now);
  putInPlace(dataDir, backup);
  report.restored = { from: backup.file, takenAt: backup.takenAt, setAside: aside.file };
  const salvage = salvageDigests(aside.file, lastDigestId(backup.file, opts.nativeBinding), `${aside.file.replace(/\.sqlite$/, '')}-recovered`, opts.nativeBinding);
  let recovered: string;
  if ('error' in salvage) recovered = `Lectern could not read the damaged file to look for digests imported after the backup (${salvage.error}).`;
  else if (salvage.digests.length === 0) {
    recovered = salvage.unreadable
      ? `${salvage.unreadable} digest${salvage.unreadable === 1 ? '' : 's'} imported after the backup could not be read from the damaged file.`
      : 'No digest was imported after the backup, as far as the damaged file shows.';
  } else {
    recovered = `${salvage.digests.length} digest${salvage.digests.length === 1 ? ' was' : 's were'} imported after the backup (${salvage.digests
      .slice(0, 5)
      .map((d) => `“${d.name}”`)
      .join(', ')}${salvage.digests.length > 5 ? ', …' : ''}); ${salvage.digests.length === 1 ? 'its' : 'their'} text was saved in ${salvage.folder}: import ${salvage.digests.length === 1 ? 'it' : 'them'} again to get those papers back.`;
  }
  opts.logger?.warn(`the library file was damaged (${reason}); set aside as ${aside.file}; restored the backup of ${when}`);
  return {
    level: 'warning',
    title: 'Your library was damaged and has been restored from a backup',
    message: `The library file was damaged (${reason}). Lectern moved it to ${aside.file} (nothing was deleted) and restored the newest good backup, taken ${when} (${held}). Reading status changes and imports made after that time may be missing. ${recovered}`,
  };
}

function plural(n: number | null, word: string): string {
  return n === null ? `? ${word}s` : `${n} ${word}${n === 1 ? '' : 's'}`;
}
