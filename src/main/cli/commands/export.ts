import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { LecternError } from '../../../shared/errors';
import { EXPORT_FORMATS, type ExportFormatId } from '../../../shared/methods/export';
import { SORT_COLUMNS, STATUSES, type SortColumn, type Status } from '../../../shared/model';
import { parseIntArg, type RegisterCommand } from '../context';
import { addFilterOptions, narrowed, queryFromOptions, type FilterOpts } from '../filter-options';

const ALIASES: Record<string, ExportFormatId> = { bib: 'bibtex', csl: 'csl-json', json: 'csl-json', md: 'markdown' };

function parseFormat(v: string): ExportFormatId {
  const id = ALIASES[v.toLowerCase()] ?? v.toLowerCase();
  const f = EXPORT_FORMATS.find((x) => x.id === id);
  if (!f) throw new InvalidArgumentError(`Choose one of: ${EXPORT_FORMATS.map((x) => x.id).join(', ')}.`);
  return f.id;
}

export const registerExport: RegisterCommand = ({ program, io, open }) => {
  addFilterOptions(program.command('export'))
    .description('export papers (all, or those a filter selects) as BibTeX, RIS, CSL-JSON, CSV or a Markdown reading list')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}`, parseFormat)
    .addOption(new Option('--status <status>', 'only papers with this status').choices(STATUSES))
    .option('--search <query>', 'only papers matching this full-text search')
    .option('--digest <id>', 'only papers from this digest', (v) => parseIntArg(v, '--digest'))
    .addOption(new Option('--sort <column>', 'order (default: as the table, newest digest first)').choices(SORT_COLUMNS))
    .option('--desc', 'sort descending')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (opts: FilterOpts & { format: ExportFormatId; status?: Status; search?: string; digest?: number; sort?: SortColumn; desc?: boolean; output?: string }) => {
      const out = opts.output && opts.output !== '-' ? path.resolve(opts.output) : null;
      if (out) checkTarget(out);
      const { api } = open();
      const query = await queryFromOptions(api, opts);
      const r = await api.exportPapers({
        ...query,
        format: opts.format,
        statuses: narrowed(query.statuses, opts.status, '--status'),
        search: opts.search ?? query.search ?? null,
        digestIds: narrowed(query.digestIds, opts.digest, '--digest'),
        sort: opts.sort ?? query.sort ?? null,
        desc: opts.desc ?? query.desc ?? false,
      });
      const label = EXPORT_FORMATS.find((f) => f.id === r.format)!.label;
      if (!out) {
        io.stdout(r.text.endsWith('\n') ? r.text.slice(0, -1) : r.text);
        return;
      }
      writeAtomically(out, r.text);
      io.stdout(`Exported ${r.count} paper${r.count === 1 ? '' : 's'} as ${label} to ${out}.`);
    });
};

function checkTarget(file: string): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) throw new LecternError('BAD_INPUT', `Cannot write ${file}: the folder ${dir} does not exist. Nothing was written.`, file);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new LecternError('BAD_INPUT', `Cannot write ${file}: it is a folder. Nothing was written.`, file);
}

/** Temporary name, synced, renamed: an interrupted export never leaves half a file under the name. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new LecternError('BAD_INPUT', `Cannot write ${file}: ${(e as Error).message}. Nothing was written.`, file);
  }
}
