import { Command, CommanderError } from 'commander';
import { LecternError } from '../../shared/errors';
import { resolveLibraryDir } from '../core/library-dir';
import { localApi } from '../core/local-api';
import { stderrLogger } from '../core/logger';
import { prepareLibrary } from '../core/health/startup';
import { APP_VERSION, createCore, type Core } from '../core/service';
import { DoctorFound, registerBackup, registerDoctor } from './commands/backup';
import { registerExport } from './commands/export';
import { registerImport } from './commands/import';
import { registerNote, registerRemove, registerStar, registerStats, registerTag, registerTags, registerUndo, registerViews } from './commands/organize';
import { registerList, registerMark, registerShow } from './commands/papers';
import { registerServe } from './commands/serve';
import { CliExit, type CliContext, type CliIo, type RegisterCommand } from './context';
import { registerDownload } from './commands/download';
import { registerResolve } from './commands/resolve';
import { registerAttach, registerExtract } from './commands/reader';
import { registerSubscribe, registerSubscriptions } from './commands/subscriptions';

export type { CliIo } from './context';

const COMMANDS: RegisterCommand[] = [
  registerImport,
  registerList,
  registerShow,
  registerMark,
  registerTag,
  registerTags,
  registerStar,
  registerNote,
  registerRemove,
  registerUndo,
  registerViews,
  registerStats,
  registerResolve,
  registerDownload,
  registerAttach,
  registerExtract,
  registerExport,
  registerSubscribe,
  registerSubscriptions,
  registerBackup,
  registerDoctor,
  registerServe,
];
/** Commands that look at the library as it is, without the start-up check and its repairs. */
const AS_IS = new Set(['doctor']);

/** Runs the `lectern` command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let opened: ReturnType<CliContext['open']> | null = null;
  const program = new Command('lectern')
    .description('Lectern: import paper digests into a reading library, track what you read.')
    .version(APP_VERSION)
    .option('--library <dir>', 'library folder (default: $LECTERN_LIBRARY, else the app-data folder)')
    .configureOutput({ writeOut: (s) => io.stdout(s.replace(/\n$/, '')), writeErr: (s) => io.stderr(s.replace(/\n$/, '')) })
    .exitOverride()
    .showHelpAfterError();

  const libraryDir = () => resolveLibraryDir(program.opts<{ library?: string }>().library, io.env);
  const ctx: CliContext = {
    io,
    program,
    libraryDir,
    open: (extra = {}) => {
      if (opened) return opened;
      const dataDir = libraryDir();
      const core: Core = createCore({ dataDir, logger: stderrLogger, resourcesDir: io.resourcesDir, env: io.env, fulltextWorker: io.fulltextWorker, interestWorkerFile: io.interestWorkerFile, ...extra });
      opened = { core, api: localApi(core, stderrLogger) };
      return opened;
    },
  };
  for (const register of COMMANDS) register(ctx);
  // Every command meets a checked library: damage repaired from a backup, a backup before any
  // upgrade. What happened is said on stderr (and kept in the library for the app's banner).
  program.hook('preAction', async (_program, action) => {
    if (AS_IS.has(action.name())) return;
    const report = await prepareLibrary(libraryDir());
    for (const n of report.notices) io.stderr(`lectern: ${n.title}. ${n.message}`);
    const pre = report.preMigrationBackup;
    if (pre) io.stderr(`lectern: upgraded the library from schema ${report.migratedFrom}; the previous version is kept in ${pre.file}.`);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code) ? 0 : e.exitCode || 2;
    }
    if (e instanceof DoctorFound) return 1;
    if (e instanceof CliExit) {
      if (e.message) io.stderr(`lectern: ${e.message}`);
      return e.code;
    }
    if (e instanceof LecternError) {
      io.stderr(`lectern: ${e.message}`);
      return e.code === 'BAD_INPUT' ? 2 : 1;
    }
    io.stderr(`lectern: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 70;
  } finally {
    (opened as ReturnType<CliContext['open']> | null)?.core.close();
  }
}
