import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { markSuspect } from './guard';
import { addNotices } from './notices';
import type { Logger } from '../logger';
import { backupDatabase, backupDue, type BackupOutcome } from '../backup/backup';

interface AutoBackupDeps {
  db: Database;
  dataDir: string;
  now: () => Date;
  logger: Logger;
  nativeBinding?: string;
  /** First look this long after start, so the window opens first. */
  delayMs?: number;
  /** Then look again this often (the app may stay open for days). */
  everyMs?: number;
  maxAgeMs?: number;
}

export interface AutoBackup {
  /** The running or last run (tests, and close, wait on it). */
  idle(): Promise<BackupOutcome | null>;
  stop(): void;
}

/**
 * The daily backup of a long-running host (the app, `lectern serve`): taken when the newest
 * routine backup is a day old, in the background, its check on a worker thread. A copy that
 * fails the check means the library is damaged: the user is told, and the next start restores.
 */
export function startAutoBackup(deps: AutoBackupDeps): AutoBackup {
  let running: Promise<BackupOutcome | null> = Promise.resolve(null);
  let stopped = false;
  const tell = (level: 'warning' | 'error', title: string, message: string) => {
    try {
      addNotices(deps.db, [{ level, title, message }], deps.now().toISOString());
    } catch (e) {
      deps.logger.error(`could not record a notice: ${title}`, e);
    }
  };

  const run = async (): Promise<BackupOutcome | null> => {
    if (stopped || !backupDue(deps.dataDir, deps.now(), deps.maxAgeMs)) return null;
    if ((deps.db.prepare('SELECT count(*) FROM paper').pluck().get() as number) === 0) return null;
    try {
      const b = await backupDatabase(deps.db, deps.dataDir, { reason: 'daily', now: deps.now(), nativeBinding: deps.nativeBinding, verifyOnWorker: true });
      deps.logger.info(`backed up the library to ${b.file}`);
      return b;
    } catch (e) {
      if (stopped) return null; // the library was closed under it: the temporary copy is gone, nothing else changed
      if (e instanceof LecternError && e.code === 'LIBRARY_BUSY') return null; // another process is backing up
      if (e instanceof LecternError && e.code === 'LIBRARY_DAMAGED') {
        markSuspect(deps.dataDir, e.message);
        tell('error', 'The library file is damaged', `${e.message} Quit Lectern and start it again: it will set the damaged file aside and restore your newest good backup, and tell you what may be missing.`);
      } else {
        tell('warning', 'The daily backup failed', `${(e as Error).message}. Your earlier backups are untouched; Lectern tries again in an hour. \`lectern backup\` makes one by hand.`);
      }
      deps.logger.error('the daily backup failed', e);
      return null;
    }
  };
  const kick = () => {
    running = running.then(run, run);
  };
  const first = setTimeout(kick, deps.delayMs ?? 5000);
  const again = setInterval(kick, deps.everyMs ?? 60 * 60 * 1000);
  first.unref?.();
  again.unref?.();
  return {
    idle: () => running,
    stop: () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(again);
    },
  };
}
