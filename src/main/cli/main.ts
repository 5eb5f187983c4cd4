import { Command, CommanderError } from 'commander';
import { LecternError } from '../../shared/errors';
import { resolveLibraryDir } from '../core/library-dir';
import { localApi } from '../core/local-api';
import { stderrLogger } from '../core/logger';
import { APP_VERSION, createCore, type Core } from '../core/service';
import { registerImport } from './commands/import';
import { registerNote, registerRemove, registerStar, registerStats, registerTag, registerTags, registerUndo, registerViews } from './commands/organize';
import { registerList, registerMark, registerShow } from './commands/papers';
import { registerServe } from './commands/serve';
import type { CliContext, CliIo, RegisterCommand } from './context';

export type { CliIo } from './context';

const COMMANDS: RegisterCommand[] = [
  registerImport, registerList, registerShow, registerMark, registerServe,
  registerTag, registerTags, registerStar, registerNote, registerRemove, registerUndo, registerViews, registerStats,
];

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

  const ctx: CliContext = {
    io,
    program,
    open: (extra = {}) => {
      if (opened) return opened;
      const dataDir = resolveLibraryDir(program.opts<{ library?: string }>().library, io.env);
      const core: Core = createCore({ dataDir, logger: stderrLogger, resourcesDir: io.resourcesDir, ...extra });
      opened = { core, api: localApi(core, stderrLogger) };
      return opened;
    },
  };
  for (const register of COMMANDS) register(ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code) ? 0 : e.exitCode || 2;
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
