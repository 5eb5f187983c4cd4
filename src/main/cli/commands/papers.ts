import { Option } from 'commander';
import { SORT_COLUMNS, STATUSES, type SortColumn, type Status } from '../../../shared/model';
import { parseIntArg, type RegisterCommand } from '../context';
import { addFilterOptions, narrowed, queryFromOptions, type FilterOpts } from '../filter-options';
import { describePaper, describeRows } from '../format';

export const registerList: RegisterCommand = ({ program, io, open }) => {
  addFilterOptions(program.command('list'))
    .description('list papers, newest digest first')
    .addOption(new Option('--status <status>', 'only papers with this status').choices(STATUSES))
    .option('--search <query>', 'full-text search over title, abstract and authors')
    .option('--digest <id>', 'only papers from this digest', (v) => parseIntArg(v, '--digest'))
    .addOption(new Option('--sort <column>', 'sort column').choices(SORT_COLUMNS))
    .option('--desc', 'sort descending')
    .option('--limit <n>', 'at most this many papers (default: all)', (v) => parseIntArg(v, '--limit'))
    .option('--json', 'print papers as a JSON array')
    .action(async (opts: FilterOpts & { status?: Status; search?: string; digest?: number; sort?: SortColumn; desc?: boolean; limit?: number; json?: boolean }) => {
      const { api } = open();
      const query = await queryFromOptions(api, opts);
      // "For you" from the command line: train and score first if the signals changed since.
      if ((opts.sort ?? query.sort) === 'interest') await api.refreshInterest({});
      const page = await api.listPapers({
        ...query,
        statuses: narrowed(query.statuses, opts.status, '--status'),
        search: opts.search ?? query.search ?? null,
        digestIds: narrowed(query.digestIds, opts.digest, '--digest'),
        sort: opts.sort ?? query.sort ?? null,
        desc: opts.desc ?? query.desc ?? false,
        offset: 0,
        limit: opts.limit ?? 100000,
      });
      if (opts.json) {
        const papers = [];
        for (const row of page.rows) papers.push(await api.getPaper({ ref: String(row.id) }));
        io.stdout(JSON.stringify(papers, null, 2));
      } else io.stdout(describeRows(page.rows, page.total));
    });
};

export const registerShow: RegisterCommand = ({ program, io, open }) => {
  program
    .command('show')
    .description('show one paper')
    .argument('<ref>', 'a paper id, arXiv id or DOI')
    .option('--json', 'print the paper as JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { api } = open();
      const paper = await api.getPaper({ ref });
      io.stdout(opts.json ? JSON.stringify(paper, null, 2) : describePaper(paper, await api.readingState({ ref: String(paper.id) })));
    });
};
