import { LecternError } from '../../../shared/errors';
import type { Api } from '../../../shared/contract';
import type { RegisterCommand } from '../context';

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
      const r = await api.tagPapers({ papers: { refs }, add: opts.add ?? [], remove });
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
