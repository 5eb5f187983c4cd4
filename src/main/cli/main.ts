import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { STATUSES, SORT_COLUMNS, type Status } from '../../shared/model';
import { LecternError } from '../../shared/errors';
import type { Api } from '../../shared/contract';
import { createCore, APP_VERSION, type Core } from '../core/service';
import { resolveLibraryDir } from '../core/library-dir';
import { localApi } from '../core/local-api';
import { decodeBytes } from '../../shared/decode';
import { stderrLogger } from '../core/logger';
import { describeImport, describePaper, describeRows } from './format';
import { startServer } from '../server/server';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<Uint8Array>;
  env: NodeJS.ProcessEnv;
  /** Where the built renderer is, for `serve`. */
  rendererDir: string;
  /** The app's bundled resources (the sample digest). */
  resourcesDir: string;
  /** Resolves when the user stops `serve` (SIGINT/SIGTERM). */
  untilStopped: () => Promise<void>;
}

/** Runs the `lectern` command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let core: Core | null = null;
  let exitCode = 0;
  const program = new Command('lectern')
    .description('Lectern: import paper digests into a reading library, track what you read.')
    .version(APP_VERSION)
    .option('--library <dir>', 'library folder (default: $LECTERN_LIBRARY, else the app-data folder)')
    .configureOutput({ writeOut: (s) => io.stdout(s.replace(/\n$/, '')), writeErr: (s) => io.stderr(s.replace(/\n$/, '')) })
    .exitOverride()
    .showHelpAfterError();

  const open = (): Api => {
    const dir = resolveLibraryDir(program.opts<{ library?: string }>().library, io.env);
    core = createCore({ dataDir: dir, logger: stderrLogger, resourcesDir: io.resourcesDir });
    return localApi(core, stderrLogger);
  };

  program
    .command('import')
    .description('import a digest file (or - for standard input); prints a summary')
    .argument('<file>', 'a digest file, or - to read standard input')
    .option('--dry-run', 'show what would be imported, write nothing')
    .option('--json', 'print the result as JSON')
    .option('--format <id>', 'skip detection and read the input as this format')
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean; format?: string }) => {
      const bytes = file === '-' ? await io.readStdin() : readFile(file);
      const text = decodeBytes(bytes);
      const api = open();
      const input = { text, fileName: file === '-' ? null : file, format: opts.format ?? null };
      const result = opts.dryRun ? await api.previewImport(input) : await api.commitImport(input);
      if (!opts.dryRun) core!.finishIndexing();
      if (opts.json) io.stdout(JSON.stringify({ dryRun: !!opts.dryRun, ...result, searchable: !opts.dryRun }, null, 2));
      else io.stdout(describeImport(result, file === '-' ? 'standard input' : path.basename(file), !!opts.dryRun));
    });

  program
    .command('list')
    .description('list papers, newest first')
    .addOption(new Option('--status <status>', 'only papers with this status').choices(STATUSES))
    .option('--search <query>', 'full-text search over title, abstract and authors')
    .option('--digest <id>', 'only papers from this digest', (v) => parseIntArg(v, '--digest'))
    .addOption(new Option('--sort <column>', 'sort column').choices(SORT_COLUMNS))
    .option('--desc', 'sort descending')
    .option('--limit <n>', 'at most this many papers (default: all)', (v) => parseIntArg(v, '--limit'))
    .option('--json', 'print papers as a JSON array')
    .action(async (opts: { status?: Status; search?: string; digest?: number; sort?: (typeof SORT_COLUMNS)[number]; desc?: boolean; limit?: number; json?: boolean }) => {
      const api = open();
      const page = await api.listPapers({
        status: opts.status ?? null,
        search: opts.search ?? null,
        digestId: opts.digest ?? null,
        sort: opts.sort ?? null,
        desc: opts.desc ?? false,
        offset: 0,
        limit: opts.limit ?? 100000,
      });
      if (opts.json) {
        const papers = [];
        for (const row of page.rows) papers.push(await api.getPaper({ ref: String(row.id) }));
        io.stdout(JSON.stringify(papers, null, 2));
      } else io.stdout(describeRows(page.rows, page.total));
    });

  program
    .command('show')
    .description('show one paper')
    .argument('<ref>', 'a paper id, arXiv id or DOI')
    .option('--json', 'print the paper as JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const paper = await open().getPaper({ ref });
      io.stdout(opts.json ? JSON.stringify(paper, null, 2) : describePaper(paper));
    });

  program
    .command('mark')
    .description('set the reading status of papers: lectern mark <ref...> read|unread|reading')
    .argument('<args...>', 'paper refs (id or arXiv id), then the status')
    .action(async (args: string[]) => {
      const status = args.at(-1) as Status;
      const refs = args.slice(0, -1);
      if (!STATUSES.includes(status) || refs.length === 0) {
        throw new LecternError('BAD_INPUT', `usage: lectern mark <ref...> ${STATUSES.join('|')} (got "${args.join(' ')}")`);
      }
      const r = await open().markPapers({ refs, status });
      io.stdout(`${r.changed} of ${r.ids.length} paper${r.ids.length === 1 ? '' : 's'} marked ${status}${r.changed < r.ids.length ? ' (the others already were)' : ''}.`);
    });

  program
    .command('serve')
    .description('serve the Lectern UI to a browser on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default: any free port)', (v) => parseIntArg(v, '--port'))
    .action(async (opts: { port?: number }) => {
      const dir = resolveLibraryDir(program.opts<{ library?: string }>().library, io.env);
      core = createCore({ dataDir: dir, logger: stderrLogger, backgroundIndexing: true, resourcesDir: io.resourcesDir });
      const server = await startServer({ core, port: opts.port ?? 0, rendererDir: io.rendererDir, logger: stderrLogger });
      io.stdout(`Lectern is serving at ${server.url}`);
      await io.untilStopped();
      await server.close();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : e.exitCode || 2;
    } else if (e instanceof LecternError) {
      io.stderr(`lectern: ${e.message}`);
      exitCode = e.code === 'BAD_INPUT' ? 2 : 1;
    } else {
      io.stderr(`lectern: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      exitCode = 70;
    }
  } finally {
    (core as Core | null)?.close();
  }
  return exitCode;
}

function readFile(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
    throw new LecternError('UNREADABLE', `Cannot read ${file}: ${why}. Nothing was imported.`, file);
  }
}

function parseIntArg(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new LecternError('BAD_INPUT', `${name} takes a whole number (got "${v}")`);
  return Number(v);
}
