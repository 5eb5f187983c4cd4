import { LecternError } from '../../../shared/errors';
import { backupDatabase, KEEP } from '../../core/backup/backup';
import { listBackups } from '../../core/backup/files';
import { describeDoctor, runDoctor } from '../../core/health/doctor';
import { markSuspect } from '../../core/health/guard';
import { prepareLibrary } from '../../core/health/startup';
import type { RegisterCommand } from '../context';

const size = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

export const registerBackup: RegisterCommand = ({ program, io, open, libraryDir }) => {
  program
    .command('backup')
    .description(`make a verified backup of the library now (kept in backups/, the newest ${KEEP.routine} are kept), or --list them`)
    .option('--list', 'list the backups instead of making one')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { list?: boolean; json?: boolean }) => {
      if (opts.list) {
        const list = listBackups(libraryDir());
        if (opts.json) io.stdout(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.stdout('No backups yet.');
        else io.stdout(list.map((b) => `${b.takenAt.slice(0, 19).replace('T', ' ')} UTC  ${b.reason.padEnd(18)} ${size(b.bytes).padStart(9)}  ${b.file}`).join('\n'));
        return;
      }
      const { core } = open();
      try {
        const b = await backupDatabase(core.db, core.dataDir, { reason: 'manual', now: new Date() });
        if (opts.json) io.stdout(JSON.stringify(b, null, 2));
        else {
          io.stdout(`Backed up ${b.papers} paper${b.papers === 1 ? '' : 's'} in ${b.digests} digest${b.digests === 1 ? '' : 's'} to ${b.file} (${size(b.bytes)}; integrity check passed).`);
          if (b.removed.length) io.stdout(`Removed ${b.removed.length} older backup${b.removed.length === 1 ? '' : 's'} (keeping the newest ${KEEP.routine}).`);
        }
      } catch (e) {
        if (e instanceof LecternError && e.code === 'LIBRARY_DAMAGED') {
          markSuspect(core.dataDir, e.message);
          throw new LecternError('LIBRARY_DAMAGED', `${e.message} The next lectern command (or the app) sets the damaged file aside and restores the newest good backup; \`lectern doctor\` shows the details.`);
        }
        throw e;
      }
    });
};

export const registerDoctor: RegisterCommand = ({ program, io, libraryDir }) => {
  program
    .command('doctor')
    .description('check the library: database integrity, search index, backups, damaged files, PDFs, stray files; exits 1 on a problem')
    .option('--json', 'print the report as JSON')
    .option('--repair', 'if the database is damaged or missing, set it aside and restore the newest good backup now')
    .action(async (opts: { json?: boolean; repair?: boolean }) => {
      const dir = libraryDir();
      let report = runDoctor(dir);
      if (opts.repair && report.checks.find((c) => c.id === 'database')?.status === 'error') {
        markSuspect(dir, 'lectern doctor --repair');
        const done = await prepareLibrary(dir);
        for (const n of done.notices) io.stderr(`lectern: ${n.title}. ${n.message}`);
        report = runDoctor(dir);
      }
      io.stdout(opts.json ? JSON.stringify(report, null, 2) : describeDoctor(report));
      if (!report.ok) throw new DoctorFound();
    });
};

/** Exit 1 without another message: the report said it all. */
export class DoctorFound extends Error {}
