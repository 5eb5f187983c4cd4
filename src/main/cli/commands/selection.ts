import { LecternError } from '../../../shared/errors';
import { STATUSES, type Status } from '../../../shared/model';
import type { Target } from '../../../shared/query';
import type { RegisterCommand } from '../context';
import { addFilterOptions, queryFromOptions, type FilterOpts } from '../filter-options';

export const registerMark: RegisterCommand = ({ program, io, open }) => {
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
      const r = await open().api.markPapers({ papers: { refs }, status });
      io.stdout(`${r.changed} of ${r.selected} paper${r.selected === 1 ? '' : 's'} marked ${status}${r.changed < r.selected ? ' (the others already were)' : ''}.`);
    });
};

export const registerStar: RegisterCommand = ({ program, io, open }) => {
  for (const [name, starred] of [['star', true], ['unstar', false]] as const) {
    program
      .command(name)
      .description(`${name} papers`)
      .argument('<refs...>', 'paper refs')
      .action(async (refs: string[]) => {
        const { api } = open();
        io.stdout(`${(await api.starPapers({ papers: { refs }, starred })).label}.`);
      });
  }
};

export const registerRemove: RegisterCommand = ({ program, io, open }) => {
  addFilterOptions(
    program
      .command('remove')
      .description('remove papers from the library (undo with `lectern undo`)')
      .argument('[refs...]', 'paper refs; or use filter options with --all-matching'),
  )
    .option('--all-matching', 'remove every paper the filter options match')
    .option('--yes', 'do not ask: required, as the command line cannot ask')
    .action(async (refs: string[], opts: FilterOpts & { allMatching?: boolean; yes?: boolean }) => {
      const { api } = open();
      if (!refs.length && !opts.allMatching) throw new LecternError('BAD_INPUT', 'usage: lectern remove <ref...> --yes, or lectern remove --all-matching [filters] --yes');
      const papers: Target = opts.allMatching ? { query: await queryFromOptions(api, opts) } : { refs };
      const { count } = await api.countPapers({ papers });
      if (!opts.yes) {
        throw new LecternError('BAD_INPUT', `This would remove ${count} paper${count === 1 ? '' : 's'}; add --yes to do it (it can be undone with \`lectern undo\`).`);
      }
      const r = await api.removePapers({ papers });
      io.stdout(`${r.label}. Undo with: lectern undo`);
    });
};

export const registerUndo: RegisterCommand = ({ program, io, open }) => {
  program
    .command('undo')
    .description('undo the last bulk action (status, star, tags, remove)')
    .action(async () => {
      const { api } = open();
      const last = await api.lastUndo({});
      if (!last) throw new LecternError('NOT_FOUND', 'There is nothing to undo.');
      io.stdout(`Undone: ${(await api.undo({ undoId: last.id })).label}.`);
    });
};
