import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../../shared/errors';
import { decodeBytes } from '../../../shared/decode';
import { MAX_IMPORT_BYTES, TOO_LARGE_TO_IMPORT } from '../../../shared/methods/import';
import type { RegisterCommand } from '../context';
import { describeImport } from '../format';

export const registerImport: RegisterCommand = ({ program, io, open }) => {
  program
    .command('import')
    .description('import a digest file (or - for standard input); prints a summary')
    .argument('<file>', 'a digest file, or - to read standard input')
    .option('--dry-run', 'show what would be imported, write nothing')
    .option('--json', 'print the result as JSON')
    .option('--format <id>', 'skip detection and read the input as this format')
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean; format?: string }) => {
      const bytes = file === '-' ? await io.readStdin() : readFile(file);
      if (bytes.length > MAX_IMPORT_BYTES) throw new LecternError('UNREADABLE', `Cannot import standard input: it is ${TOO_LARGE_TO_IMPORT}. Nothing was imported.`, file);
      const { api } = open();
      const input = { text: decodeBytes(bytes), fileName: file === '-' ? null : file, format: opts.format ?? null };
      // The commit indexes the new papers itself (all of them, in the CLI): searchable at exit.
      const result = opts.dryRun ? await api.previewImport(input) : await api.commitImport(input);
      if (opts.json) io.stdout(JSON.stringify({ dryRun: !!opts.dryRun, ...result, searchable: !opts.dryRun }, null, 2));
      else io.stdout(describeImport(result, file === '-' ? 'standard input' : path.basename(file), !!opts.dryRun));
    });
};

function readFile(file: string): Uint8Array {
  try {
    // Refused before it is read: a file over the limit is never held in memory.
    if (fs.statSync(file).size > MAX_IMPORT_BYTES) throw new LecternError('UNREADABLE', `Cannot import ${file}: it is ${TOO_LARGE_TO_IMPORT}. Nothing was imported.`, file);
    return fs.readFileSync(file);
  } catch (e) {
    if (e instanceof LecternError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
    throw new LecternError('UNREADABLE', `Cannot read ${file}: ${why}. Nothing was imported.`, file);
  }
}
