import { LecternError } from '../../../shared/errors';
import type { Api } from '../../../shared/contract';
import { parseIntArg, type RegisterCommand } from '../context';
import { addFilterOptions, queryFromOptions, type FilterOpts } from '../filter-options';

/** Paper refs (id, arXiv id, DOI) to ids; all must exist or nothing happens. */
async function idsOf(api: Api, refs: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const ref of refs) ids.push((await api.getPaper({ ref })).id);
  return ids;
}

async function tagId(api: Api, name: string): Promise<number> {
  const tags = await api.listTags({});
  const t = tags.find((x) => x.name.toLowerCase() === name.trim().toLowerCase() || String(x.id) === name.trim());
  if (!t) throw new LecternError('NOT_FOUND', `No tag “${name}”. Tags: ${tags.map((x) => x.name).join(', ') || '(none yet)'}.`, name);
  return t.id;
}

const splitNames = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export const registerTag: RegisterCommand = ({ program, io, open }) => {
  program
    .command('tag')
    .description('add or remove tags on papers: lectern tag <ref...> --add nlp,survey --remove old')
    .argument('<refs...>', 'paper refs (id, arXiv id or DOI)')
    .option('--add <names>', 'tags to add, comma-separated (created when new)', splitNames)
    .option('--remove <names>', 'tags to remove, comma-separated', splitNames)
    .action(async (refs: string[], opts: { add?: string[]; remove?: string[] }) => {
      if (!opts.add?.length && !opts.remove?.length) throw new LecternError('BAD_INPUT', 'usage: lectern tag <ref...> --add NAMES and/or --remove NAMES');
      const { api } = open();
      const remove = [];
      for (const n of opts.remove ?? []) remove.push(await tagId(api, n));
      const r = await api.tagPapers({ selection: { ids: await idsOf(api, refs) }, add: opts.add ?? [], remove });
      io.stdout(`${r.label}.`);
    });
};

export const registerTags: RegisterCommand = ({ program, io, open }) => {
  const tags = program.command('tags').description('list, rename, merge or delete tags');
  tags
    .command('list', { isDefault: true })
    .description('every tag with its number of papers')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await open().api.listTags({});
      if (opts.json) io.stdout(JSON.stringify(list, null, 2));
      else io.stdout(list.length ? list.map((t) => `${String(t.count).padStart(7)}  ${t.name}`).join('\n') : 'No tags yet. Add some with: lectern tag <ref...> --add NAME');
    });
  tags
    .command('rename')
    .argument('<tag>', 'the tag (name or id)')
    .argument('<new-name>')
    .action(async (tag: string, name: string) => {
      const { api } = open();
      const t = await api.renameTag({ id: await tagId(api, tag), name });
      io.stdout(`Renamed to “${t.name}” (${t.count} papers).`);
    });
  tags
    .command('merge')
    .description('move the papers of some tags to another, deleting the others')
    .argument('<tags...>', 'tags to merge away')
    .requiredOption('--into <tag>', 'the tag that stays')
    .action(async (from: string[], opts: { into: string }) => {
      const { api } = open();
      const fromIds = [];
      for (const f of from) fromIds.push(await tagId(api, f));
      const r = await api.mergeTags({ from: fromIds, into: await tagId(api, opts.into) });
      io.stdout(`Merged ${r.merged} tag${r.merged === 1 ? '' : 's'} into “${r.tag.name}” (${r.tag.count} papers).`);
    });
  tags
    .command('delete')
    .argument('<tag>')
    .action(async (tag: string) => {
      const { api } = open();
      const r = await api.deleteTag({ id: await tagId(api, tag) });
      io.stdout(`Deleted “${r.name}”; ${r.untagged} paper${r.untagged === 1 ? '' : 's'} lost it.`);
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
        io.stdout(`${(await api.starPapers({ selection: { ids: await idsOf(api, refs) }, starred })).label}.`);
      });
  }
};

export const registerNote: RegisterCommand = ({ program, io, open }) => {
  program
    .command('note')
    .description('show, set or clear the note of a paper (text "-" reads standard input)')
    .argument('<ref>', 'a paper ref')
    .argument('[text...]', 'the new note')
    .option('--clear', 'remove the note')
    .action(async (ref: string, words: string[], opts: { clear?: boolean }) => {
      const { api } = open();
      const paper = await api.getPaper({ ref });
      if (!words.length && !opts.clear) {
        io.stdout(paper.note ?? `#${paper.id} has no note.`);
        return;
      }
      const text = opts.clear ? '' : words.length === 1 && words[0] === '-' ? new TextDecoder().decode(await io.readStdin()) : words.join(' ');
      const r = await api.setNote({ id: paper.id, note: text });
      io.stdout(r.note ? `Note saved on #${paper.id}.` : `Note of #${paper.id} cleared.`);
    });
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
      const selection = opts.allMatching ? { query: await queryFromOptions(api, opts) } : { ids: await idsOf(api, refs) };
      const { count } = await api.countSelection({ selection });
      if (!opts.yes) {
        throw new LecternError('BAD_INPUT', `This would remove ${count} paper${count === 1 ? '' : 's'}; add --yes to do it (it can be undone with \`lectern undo\`).`);
      }
      const r = await api.removePapers({ selection });
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

const bar = (n: number, max: number) => '█'.repeat(max ? Math.round((n / max) * 30) : 0);

export const registerStats: RegisterCommand = ({ program, io, open }) => {
  program
    .command('stats')
    .description('reading statistics: papers read per week, backlog, digests imported and cleared')
    .option('--weeks <n>', 'how many weeks back (default 12)', (v) => parseIntArg(v, '--weeks'))
    .option('--json', 'print as JSON')
    .action(async (opts: { weeks?: number; json?: boolean }) => {
      const s = await open().api.readingStats({ weeks: opts.weeks ?? 12 });
      if (opts.json) return io.stdout(JSON.stringify(s, null, 2));
      const t = s.totals;
      const lines = [
        `${t.unread} unread · ${t.reading} reading · ${t.read} read · ${t.readThisWeek} read this week · ${t.digestsWithUnread} of ${t.digests} digests with unread papers`,
        '',
        'week of       read  backlog  digests in/cleared',
      ];
      const max = Math.max(...s.readPerWeek);
      s.weeks.forEach((w, i) => {
        lines.push(`${w}  ${String(s.readPerWeek[i]).padStart(5)}  ${String(s.backlog[i]).padStart(7)}  ${String(s.digestsImported[i]).padStart(5)}/${String(s.digestsCleared[i]).padEnd(5)}  ${bar(s.readPerWeek[i]!, max)}`);
      });
      io.stdout(lines.join('\n'));
    });
};
