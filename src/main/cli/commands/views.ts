import { LecternError } from '../../../shared/errors';
import type { RegisterCommand } from '../context';
import { addFilterOptions, queryFromOptions, type FilterOpts } from '../filter-options';

export const registerViews: RegisterCommand = ({ program, io, open }) => {
  const views = program.command('views').description('list, save or delete saved views');
  views
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await open().api.listViews({});
      if (opts.json) io.stdout(JSON.stringify(list, null, 2));
      else io.stdout(list.map((v) => `${v.builtin ? 'built-in' : `#${v.id}`.padStart(8)}  ${v.name}`).join('\n'));
    });
  addFilterOptions(views.command('save').description('save the filter options as a view').argument('<name>'))
    .option('--search <query>', 'a quick search to keep in the view')
    .action(async (name: string, opts: FilterOpts & { search?: string }) => {
      const { api } = open();
      const q = { ...(await queryFromOptions(api, opts)), search: opts.search ?? null };
      const v = await api.saveView({ name, query: q, columns: null });
      io.stdout(`Saved view “${v.name}”.`);
    });
  views
    .command('delete')
    .argument('<name>')
    .action(async (name: string) => {
      const { api } = open();
      const v = (await api.listViews({})).find((x) => !x.builtin && x.name.toLowerCase() === name.toLowerCase());
      if (!v) throw new LecternError('NOT_FOUND', `No saved view “${name}” (built-in views cannot be deleted).`, name);
      io.stdout(`Deleted view “${(await api.deleteView({ id: v.id as number })).name}”.`);
    });
};
