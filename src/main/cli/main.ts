import type { Database } from 'better-sqlite3';
import { Command, CommanderError } from 'commander';
import { LecternError } from '../../shared/errors';
import { resolveLibraryDir } from '../core/library-dir';
import { localApi } from '../core/local-api';
import { isBusy, WRITE_WAIT_MS, writerActive } from '../core/db/open';
import type { Logger } from '../core/logger';
import { prepareLibrary } from '../core/health/startup';
import { APP_VERSION, createCore, type Core } from '../core/service';
import { DoctorFound, registerBackup, registerDoctor } from './commands/backup';
import { registerExport } from './commands/export';
import { registerImport } from './commands/import';
import { registerNote } from './commands/notes';
import { registerList, registerShow } from './commands/papers';
import { registerMark, registerRemove, registerStar, registerUndo } from './commands/selection';
import { registerStats } from './commands/stats';
import { registerTag, registerTags } from './commands/tags';
import { registerViews } from './commands/views';
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
/** Commands that only read: they never wait for another process (WAL), so they need not say so. */
const READS_ONLY = new Set(['list', 'show', 'export', 'stats', 'doctor', 'serve']);

/** What went wrong, in a sentence: a stack trace only when LECTERN_DEBUG asks for one. */
function describe(e: unknown, env: NodeJS.ProcessEnv): string {
  if (env.LECTERN_DEBUG && e instanceof Error && e.stack) return e.stack;
  return e instanceof Error ? e.message : String(e);
}

/** The command's log on stderr: an error is its message, never a stack trace. */
function cliLogger(io: CliIo): Logger {
  const line = (m: string, rest: unknown[]) => io.stderr([m, ...rest.map((r) => (r instanceof Error ? describe(r, io.env) : typeof r === 'string' ? r : JSON.stringify(r)))].join(': '));
  return { info: (m, ...r) => line(m, r), warn: (m, ...r) => line(m, r), error: (m, ...r) => line(m, r) };
}

/** Runs the `lectern` command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let opened: ReturnType<CliContext['open']> | null = null;
  // The connection the start-up check opened and migrated: the command's core adopts it (one open per command).
  let prepared: Database | null = null;
  let command = '';
  const logger = cliLogger(io);
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
      const core: Core = createCore({ dataDir, db: prepared ?? undefined, logger, resourcesDir: io.resourcesDir, env: io.env, fulltextWorker: io.fulltextWorker, interestWorkerFile: io.interestWorkerFile, ...extra });
      prepared = null;
      opened = { core, api: localApi(core, logger) };
      // A write would wait for another process's transaction (an import holds the lock until it is
      // whole): say so rather than seem to hang. The wait itself is SQLite's (WRITE_WAIT_MS).
      if (!READS_ONLY.has(command) && writerActive(core.db)) {
        io.stderr('lectern: waiting for another Lectern process to finish writing to this library (an import, perhaps)…');
      }
      return opened;
    },
  };
  for (const register of COMMANDS) register(ctx);
  // Every command meets a checked library: damage repaired from a backup, a backup before any
  // upgrade. What happened is said on stderr (and kept in the library for the app's banner).
  program.hook('preAction', async (_program, action) => {
    command = action.name();
    if (AS_IS.has(command)) return;
    const report = await prepareLibrary(libraryDir(), { keepOpen: true });
    prepared = report.db ?? null;
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
    if (isBusy(e)) {
      io.stderr(`lectern: another Lectern process has been writing to this library for more than ${WRITE_WAIT_MS / 60_000} minutes; nothing was changed. Try again when it has finished.`);
      return 75; // EX_TEMPFAIL: the same command later may work
    }
    if (e instanceof LecternError) {
      io.stderr(`lectern: ${e.message}`);
      return e.code === 'BAD_INPUT' ? 2 : e.code === 'LIBRARY_BUSY' ? 75 : 1;
    }
    io.stderr(`lectern: unexpected error: ${describe(e, io.env)}`);
    return 70;
  } finally {
    (opened as ReturnType<CliContext['open']> | null)?.core.close();
    (prepared as Database | null)?.close(); // a command that never opened the library
  }
}
